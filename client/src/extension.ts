/**
 * VS Code client of the msbound language server. It starts dist/server.js
 * over Node IPC, fills in the active editor's document and cursor when a
 * server command comes from the command palette, shows command results,
 * and keeps a status bar item with the server state and running checks.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CheckStatusNotification,
  ServerCommands,
  type CheckStatusParams,
  type CommandArguments,
  type MarkdownResult,
} from '../../server/src/lsp/protocol';
import { NotificationProgressFeature } from './progress';
import { registerResultDocuments, showCommandResult } from './presentation';

let client: LanguageClient | undefined;

/** Server commands that act on the experiment at the cursor. */
const commandsAtCursor = new Set<string>([
  ServerCommands.runCheck,
  ServerCommands.showResults,
  ServerCommands.showDerivation,
  ServerCommands.planSampleSize,
]);

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('msbound', { log: true });
  const statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  statusItem.name = 'msbound';
  statusItem.command = 'msbound.showOutput';
  context.subscriptions.push(output, statusItem);
  registerResultDocuments(context);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'msbound' },
      { scheme: 'untitled', language: 'msbound' },
    ],
    synchronize: { configurationSection: 'msbound' },
    outputChannel: output,
    middleware: {
      executeCommand: async (command, args, next) => {
        const completed = await completeArguments(command, args);
        if (completed === undefined) {
          return undefined;
        }
        const result = await next(command, completed);
        await showCommandResult(context, command, result as MarkdownResult | unknown);
        return result;
      },
    },
  };

  const languageClient = new LanguageClient('msbound', 'msbound language server', serverOptions, clientOptions);
  client = languageClient;
  // After the built-in progress feature, so that check progress shows as a notification with a Cancel button.
  languageClient.registerFeature(new NotificationProgressFeature(languageClient));

  let runningChecks = 0;
  const updateStatus = (): void => {
    const state = languageClient.state;
    if (state === State.Running) {
      statusItem.text = runningChecks > 0 ? `$(sync~spin) msbound: ${runningChecks} check(s) running` : '$(check) msbound';
      statusItem.tooltip = runningChecks > 0 ? 'Checks are running; click to show the log.' : 'msbound language server is running; click to show the log.';
    } else if (state === State.Starting) {
      statusItem.text = '$(loading~spin) msbound';
      statusItem.tooltip = 'msbound language server is starting.';
    } else {
      statusItem.text = '$(error) msbound';
      statusItem.tooltip = 'msbound language server is stopped; run "msbound: Restart Server".';
    }
    statusItem.show();
  };

  context.subscriptions.push(
    languageClient.onDidChangeState(() => updateStatus()),
    vscode.commands.registerCommand('msbound.restartServer', async () => {
      output.info('Restarting the msbound language server.');
      runningChecks = 0;
      await languageClient.restart();
    }),
    vscode.commands.registerCommand('msbound.showOutput', () => output.show(true)),
  );

  updateStatus();
  await languageClient.start();
  context.subscriptions.push(
    languageClient.onNotification(CheckStatusNotification, (params: CheckStatusParams) => {
      runningChecks = params.running;
      updateStatus();
    }),
  );
  updateStatus();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}

/**
 * Completes the arguments of a server command. Code lenses pass them;
 * the command palette passes none, so the active msbound editor supplies
 * the document and the cursor, and the plan command prompts for its target.
 * Returns undefined when the user cancels or no msbound file is active.
 */
async function completeArguments(command: string, args: unknown[]): Promise<unknown[] | undefined> {
  const given = (args[0] ?? {}) as CommandArguments;
  const complete: CommandArguments = { ...given };
  const editor = vscode.window.activeTextEditor;
  const needsDocument = command === ServerCommands.runAllChecks || commandsAtCursor.has(command);

  if (needsDocument && complete.uri === undefined) {
    if (!editor || editor.document.languageId !== 'msbound') {
      void vscode.window.showWarningMessage('msbound: open a .msb file first; this command acts on the active editor.');
      return undefined;
    }
    complete.uri = editor.document.uri.toString();
    if (commandsAtCursor.has(command) && complete.experiment === undefined) {
      const cursor = editor.selection.active;
      complete.position = { line: cursor.line, character: cursor.character };
    }
  }

  if (command === ServerCommands.planSampleSize && complete.target === undefined) {
    const answer = await vscode.window.showInputBox({
      title: 'msbound: Plan Sample Size',
      prompt: 'Target bound on the average total variation (a number in (0, 1])',
      value: '0.1',
      validateInput: (text) => {
        const value = Number(text);
        return Number.isFinite(value) && value > 0 && value <= 1 ? undefined : 'Enter a number greater than 0 and at most 1, such as 0.1.';
      },
    });
    if (answer === undefined) {
      return undefined;
    }
    complete.target = Number(answer);
  }

  return [complete, ...args.slice(1)];
}
