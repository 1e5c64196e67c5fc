/**
 * Shows what server commands return: Markdown results in a preview beside
 * the editor, check results in the results panel, and short messages as
 * notifications.
 */
import * as vscode from 'vscode';
import { ServerCommands, type MarkdownResult } from '../../server/src/lsp/protocol';
import { showResultsPanel, type ResultsPanelData } from './results/index';

/** Displays the result of one server command; commands without a visible result are ignored. */
export async function showCommandResult(context: vscode.ExtensionContext, command: string, result: unknown): Promise<void> {
  switch (command) {
    case ServerCommands.showDerivation:
    case ServerCommands.planSampleSize:
    case ServerCommands.showBackend:
      if (isMarkdownResult(result)) {
        await showMarkdown(result);
      }
      return;
    case ServerCommands.showResults:
      if (result !== null && result !== undefined) {
        showResultsPanel(context, result as ResultsPanelData);
      }
      return;
    default:
      return;
  }
}

function isMarkdownResult(value: unknown): value is MarkdownResult {
  return typeof value === 'object' && value !== null && typeof (value as MarkdownResult).markdown === 'string';
}

/** URI scheme of the read-only documents that hold command results. */
const RESULT_SCHEME = 'msbound-result';

/** Contents of the result documents, by URI path; each command result replaces the one with the same title. */
const resultContents = new Map<string, string>();
const resultChanges = new vscode.EventEmitter<vscode.Uri>();

/**
 * Registers the provider of read-only result documents, so that results
 * open without creating untitled files that VS Code would offer to save.
 */
export function registerResultDocuments(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    resultChanges,
    vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, {
      onDidChange: resultChanges.event,
      provideTextDocumentContent: (uri) => resultContents.get(uri.path) ?? '',
    }),
  );
}

/** Opens Markdown as a read-only document and shows its rendered preview beside the editor. */
export async function showMarkdown(result: MarkdownResult): Promise<void> {
  const name = result.title.replace(/[^A-Za-z0-9 _.-]/g, '_');
  const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${name}.md` });
  resultContents.set(uri.path, result.markdown);
  resultChanges.fire(uri);
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
}
