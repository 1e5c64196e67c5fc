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

/** Opens Markdown as an untitled document and its rendered preview beside the editor. */
export async function showMarkdown(result: MarkdownResult): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri);
}
