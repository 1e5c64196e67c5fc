/**
 * The results panel: a webview with one figure per experiment (see
 * chart-spec.ts) and its verdicts, reused while open and updated when
 * shown again. Exports go through a save dialog.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ResultsPanelData } from '../../../server/src/lsp/checks/panel-data';
import type { FromPanel, ToPanel } from './messages';

let current: { panel: vscode.WebviewPanel; data: ResultsPanelData; ready: boolean } | undefined;

/** Opens (or updates) the results panel with `data` from the language server's `msbound.showResults`. */
export function showResultsPanel(context: vscode.ExtensionContext, data: ResultsPanelData): vscode.WebviewPanel {
  if (current) {
    current.data = data;
    current.panel.reveal(vscode.ViewColumn.Beside, true);
    if (current.ready) {
      void current.panel.webview.postMessage({ type: 'data', data } satisfies ToPanel);
    }
    return current.panel;
  }
  const assets = vscode.Uri.joinPath(context.extensionUri, 'dist', 'results');
  const panel = vscode.window.createWebviewPanel('msbound.results', 'msbound results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
    enableScripts: true,
    localResourceRoots: [assets],
    retainContextWhenHidden: true,
  });
  const state = { panel, data, ready: false };
  current = state;
  panel.webview.html = panelHtml(panel.webview, assets);
  panel.webview.onDidReceiveMessage((message: FromPanel) => {
    if (message.type === 'ready') {
      state.ready = true;
      void panel.webview.postMessage({ type: 'data', data: state.data } satisfies ToPanel);
    } else if (message.type === 'export') {
      void saveExport(message.experiment, message.format, message.content);
    } else if (message.type === 'error') {
      void vscode.window.showErrorMessage(`msbound: ${message.message}`);
    }
  }, undefined, context.subscriptions);
  panel.onDidDispose(() => {
    if (current === state) {
      current = undefined;
    }
  }, undefined, context.subscriptions);
  return panel;
}

/** HTML of the webview: a strict content policy that allows only the bundled script and style. */
export function panelHtml(webview: Pick<vscode.Webview, 'asWebviewUri' | 'cspSource'>, assets: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(assets, 'webview.js'));
  const policy = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data: blob:`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>msbound results</title>
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
  section { margin-bottom: 2em; }
  .chart { background: #fff; display: inline-block; padding: 4px; }
  .record { opacity: 0.8; }
  table { border-collapse: collapse; margin-top: 0.5em; }
  th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--vscode-panel-border); vertical-align: top; }
  .status-pass { color: var(--vscode-testing-iconPassed); }
  .status-fail { color: var(--vscode-testing-iconFailed); font-weight: bold; }
  .status-inconclusive { color: var(--vscode-testing-iconQueued); }
  button { margin-right: 6px; }
</style>
</head>
<body>
<div id="root"><p>Loading results...</p></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

async function saveExport(experiment: string, format: 'svg' | 'png', content: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${experiment}.${format}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    title: `Export the figure of ${experiment}`,
  });
  if (!target) {
    return;
  }
  const bytes = format === 'svg' ? Buffer.from(content, 'utf8') : Buffer.from(content, 'base64');
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`msbound: saved ${target.fsPath}`);
}
