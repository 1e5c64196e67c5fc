/**
 * The msbound language server. It analyses each open .msb document once
 * per version, publishes diagnostics, responds to editor requests with the
 * pure features in core/ide, and runs empirical checks through the
 * CheckService without waiting for them.
 *
 * Every request handler is guarded: a cancelled request is answered with
 * RequestCancelled, and an exception is logged with the method, the
 * document and its version, and answered with an InternalError response,
 * so bad input never stops the server.
 */
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  createConnection,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Message,
  type RequestMessage,
} from 'vscode-languageserver/node';
import type { AnalysisOptions } from '../core/analysis';
import { CheckService } from './checks/service';
import { toLspDiagnostic } from './convert';
import { DocumentStore } from './documents';
import { registerFeatures } from './features';
import { executeCommand } from './commands';
import { CheckStatusNotification, ServerCommands, SettingsSection, defaultSettings, type ServerSettings } from './protocol';
import { readSettings } from './settings';
import { semanticTokenLegend } from './semantic-tokens';

/** Everything a feature handler needs: documents, settings, checks and logging. */
export interface ServerContext {
  connection: Connection;
  documents: DocumentStore;
  checks: CheckService;
  settings(): ServerSettings;
  log(message: string): void;
  /** Link of a diagnostic code's entry in the diagnostics reference, when installed. */
  documentation(code: string): string | undefined;
  /** Re-publishes a document's diagnostics and requests that the client refresh hints and lenses. */
  refresh(uri?: string): void;
  /** Wraps a request handler with cancellation, error handling and logging. */
  guard<P, R>(method: string, handler: (params: P, token: CancellationToken) => R): (params: P, token: CancellationToken) => R | ResponseError<void>;
  /** Number of checks in flight, changed by the command handlers. */
  runningChecks: number;
  notifyCheckStatus(): void;
}

export interface LanguageServerOptions {
  /**
   * Transport; by default the one named on the command line (`--stdio`,
   * `--node-ipc`, `--socket=PORT` or `--pipe=NAME`).
   */
  connection?: Connection;
}

/**
 * Starts the language server on the transport named on the command line
 * and returns its connection. The process exits when the client sends
 * `exit` (code 0 after `shutdown`, 1 otherwise) or when the client
 * process named in `initialize` ends.
 */
export function runLanguageServer(options: LanguageServerOptions = {}): Connection {
  const connection =
    options.connection ??
    createConnection(ProposedFeatures.all, {
      connectionStrategy: {
        // A request cancelled before the server starts it gets a RequestCancelled response at once.
        cancelUndispatched: (message) => ({
          jsonrpc: '2.0',
          id: (message as RequestMessage).id,
          error: new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled before it started.').toJson(),
        }),
      },
      messageStrategy: {
        handleMessage: (message, next) => next(withInitializeCapabilities(message)),
      },
    });

  const documents = new DocumentStore();
  let settings: ServerSettings = defaultSettings;
  let supportsConfiguration = false;
  /** Set once settings from the client have been applied, so that repeated identical settings cost nothing. */
  let settingsApplied = false;
  let supportsInlayHintRefresh = false;
  let supportsCodeLensRefresh = false;
  let supportsSemanticRefresh = false;
  const diagnosticsReference = findDiagnosticsReference();

  const log = (message: string): void => {
    connection.console.log(`[${new Date().toISOString()}] ${message}`);
  };

  const pendingPublish = new Set<string>();
  let publishScheduled = false;

  const context: ServerContext = {
    connection,
    documents,
    checks: undefined as unknown as CheckService,
    settings: () => settings,
    log,
    documentation: () => diagnosticsReference,
    refresh: (uri) => {
      for (const target of uri === undefined ? documents.uris() : [uri]) {
        pendingPublish.add(target);
      }
      schedulePublish();
      if (supportsInlayHintRefresh) {
        void connection.languages.inlayHint.refresh().catch((error) => log(`inlayHint/refresh failed: ${String(error)}`));
      }
      if (supportsCodeLensRefresh) {
        void connection.sendRequest('workspace/codeLens/refresh').catch((error) => log(`codeLens/refresh failed: ${String(error)}`));
      }
    },
    guard: (method, handler) => (params, token) => {
      const uri = (params as { textDocument?: { uri?: string } } | undefined)?.textDocument?.uri;
      const version = uri === undefined ? undefined : documents.get(uri)?.version;
      if (token?.isCancellationRequested) {
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${method} was cancelled.`);
      }
      const fail = (error: unknown): ResponseError<void> => {
        if (error instanceof ResponseError) {
          log(`${method} for ${uri ?? '(no document)'} version ${version ?? '(none)'} rejected: ${error.message}`);
          return error as ResponseError<void>;
        }
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`error in ${method} for ${uri ?? '(no document)'} version ${version ?? '(none)'}: ${detail}`);
        const message = error instanceof Error ? error.message : String(error);
        return new ResponseError(ErrorCodes.InternalError, `${method} failed: ${message}`);
      };
      const invalid = invalidParams(params);
      if (invalid !== undefined) {
        return fail(new ResponseError(ErrorCodes.InvalidParams, `${method}: ${invalid}`));
      }
      try {
        const result = handler(params, token);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => fail(error)) as typeof result;
        }
        if (token?.isCancellationRequested) {
          return new ResponseError(LSPErrorCodes.RequestCancelled, `${method} was cancelled.`);
        }
        return result;
      } catch (error) {
        return fail(error);
      }
    },
    runningChecks: 0,
    notifyCheckStatus: () => {
      void connection.sendNotification(CheckStatusNotification, { running: context.runningChecks });
    },
  };

  context.checks = new CheckService({
    connection,
    getAnalysis: (uri) => documents.analysis(uri),
    getText: (uri) => documents.get(uri)?.document.getText(),
    refresh: (uri) => context.refresh(uri),
    log,
    settings: () => ({
      workers: settings.checks.workers,
      backend: settings.checks.backend === 'auto' ? undefined : settings.checks.backend,
      timeLimitSeconds: settings.checks.timeLimitSeconds,
    }),
    // The same defaults as the documents' analysis, so workers resolve the points the editor shows.
    analysisOptions: () => analysisOptions(settings),
  });

  /** Publishes diagnostics of every pending document on the next turn, so a burst of changes is analysed once. */
  function schedulePublish(): void {
    if (publishScheduled) {
      return;
    }
    publishScheduled = true;
    setImmediate(() => {
      publishScheduled = false;
      const uris = [...pendingPublish];
      pendingPublish.clear();
      for (const uri of uris) {
        publishDiagnostics(uri);
      }
    });
  }

  function publishDiagnostics(uri: string): void {
    const state = documents.get(uri);
    if (!state) {
      return;
    }
    try {
      const diagnostics = diagnosticsFor(context, uri);
      void connection.sendDiagnostics({ uri, version: state.version, diagnostics });
    } catch (error) {
      log(`error in publishDiagnostics for ${uri} version ${state.version}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  /** Runs a notification handler, logging any exception with the method and document, because notifications have no response to carry an error. */
  const guardNotification =
    <P>(method: string, handler: (params: P) => void) =>
    (params: P): void => {
      try {
        handler(params);
      } catch (error) {
        const uri = (params as { textDocument?: { uri?: string } } | undefined)?.textDocument?.uri;
        log(`error in ${method} for ${uri ?? '(no document)'}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    // A client may omit capabilities (some send `{}`); missing means none.
    const capabilities: Partial<InitializeParams['capabilities']> = params.capabilities ?? {};
    supportsConfiguration = capabilities.workspace?.configuration === true;
    supportsInlayHintRefresh = capabilities.workspace?.inlayHint?.refreshSupport === true;
    supportsCodeLensRefresh = capabilities.workspace?.codeLens?.refreshSupport === true;
    supportsSemanticRefresh = capabilities.workspace?.semanticTokens?.refreshSupport === true;
    const initial = params.initializationOptions as { settings?: unknown } | undefined;
    if (initial?.settings !== undefined) {
      settings = readSettings(initial.settings);
      documents.setOptions(analysisOptions(settings));
    }
    log(`initialize from ${params.clientInfo?.name ?? 'an unnamed client'} ${params.clientInfo?.version ?? ''}`.trim());
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '=', '(', '[', ','], resolveProvider: false },
        signatureHelpProvider: { triggerCharacters: ['{', '\n', ';'], retriggerCharacters: [' ', '='] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        semanticTokensProvider: { legend: semanticTokenLegend, full: true, range: false },
        executeCommandProvider: { commands: Object.values(ServerCommands) },
      },
      serverInfo: { name: 'msbound', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (supportsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SettingsSection }).catch(() => undefined);
      void pullSettings();
    }
  });

  async function pullSettings(): Promise<void> {
    try {
      const value = await connection.workspace.getConfiguration(SettingsSection);
      applySettings(readSettings(value));
    } catch (error) {
      log(`workspace/configuration failed; keeping the current settings: ${String(error)}`);
    }
  }

  function applySettings(next: ServerSettings): void {
    if (JSON.stringify(next) === JSON.stringify(settings) && settingsApplied) {
      return;
    }
    settingsApplied = true;
    settings = next;
    documents.setOptions(analysisOptions(settings));
    log(`settings: preset ${settings.defaultPreset}, C ${settings.defaultC}, delta ${settings.defaultDelta}, inlay hint length ${settings.inlayHints.maxLength}`);
    context.refresh();
    if (supportsSemanticRefresh) {
      void connection.languages.semanticTokens.refresh();
    }
  }

  connection.onDidChangeConfiguration(
    guardNotification('workspace/didChangeConfiguration', (change) => {
      if (supportsConfiguration) {
        void pullSettings();
        return;
      }
      const section = (change.settings as Record<string, unknown> | undefined)?.[SettingsSection];
      applySettings(readSettings(section ?? change.settings));
    }),
  );

  connection.onDidOpenTextDocument(
    guardNotification('textDocument/didOpen', (params) => {
      const { uri, languageId, version, text } = params.textDocument;
      documents.open(uri, languageId, version, text);
      context.refresh(uri);
    }),
  );

  connection.onDidChangeTextDocument(
    guardNotification('textDocument/didChange', (params) => {
      const { uri, version } = params.textDocument;
      const state = documents.change(uri, version, params.contentChanges);
      if (!state) {
        log(`didChange for ${uri}, which is not open; ignored`);
        return;
      }
      pendingPublish.add(uri);
      schedulePublish();
    }),
  );

  connection.onDidCloseTextDocument(
    guardNotification('textDocument/didClose', (params) => {
      documents.close(params.textDocument.uri);
      pendingPublish.delete(params.textDocument.uri);
      void connection.sendDiagnostics({ uri: params.textDocument.uri, diagnostics: [] });
    }),
  );

  registerFeatures(context);

  connection.onExecuteCommand(
    context.guard('workspace/executeCommand', (params, token) => executeCommand(context, params.command, params.arguments ?? [], token)),
  );

  connection.onShutdown(() => {
    log('shutdown');
    context.checks.dispose();
  });

  connection.listen();
  return connection;
}

/** Diagnostics of a document: the analysis's and those of its check results. */
export function diagnosticsFor(context: ServerContext, uri: string) {
  const ide = context.documents.ide(uri);
  if (!ide) {
    return [];
  }
  const lines = ide.analysis.lines;
  const converted = ide.analysis.diagnostics.map((diagnostic, index) => toLspDiagnostic(lines, diagnostic, uri, context.documentation, index));
  const annotations = safeAnnotations(context, uri);
  for (const diagnostic of annotations.diagnostics) {
    converted.push(toLspDiagnostic(lines, diagnostic, uri, context.documentation, -1));
  }
  return converted;
}

/** Check annotations of a document; a failure in the check side leaves the analysis's results intact. */
export function safeAnnotations(context: ServerContext, uri: string): ReturnType<CheckService['annotations']> {
  try {
    return context.checks.annotations(uri);
  } catch (error) {
    context.log(`check annotations for ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { diagnostics: [], inlayHints: [], lenses: [] };
  }
}

function isPosition(value: unknown): boolean {
  const position = value as { line?: unknown; character?: unknown } | null;
  return (
    typeof position === 'object' &&
    position !== null &&
    Number.isInteger(position.line) &&
    Number.isInteger(position.character) &&
    (position.line as number) >= 0 &&
    (position.character as number) >= 0
  );
}

/**
 * Describes what is wrong with the position, range or document of a
 * request's params, or returns undefined when they are well formed.
 */
export function invalidParams(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) {
    return undefined;
  }
  const record = params as { textDocument?: { uri?: unknown }; position?: unknown; range?: { start?: unknown; end?: unknown } };
  if ('textDocument' in record && typeof record.textDocument?.uri !== 'string') {
    return 'textDocument.uri is missing or not a string.';
  }
  if ('position' in record && !isPosition(record.position)) {
    return `position must be { line, character } with non-negative integers, got ${JSON.stringify(record.position)}.`;
  }
  if ('range' in record && (!isPosition(record.range?.start) || !isPosition(record.range?.end))) {
    return `range must be { start, end } positions with non-negative integers, got ${JSON.stringify(record.range)}.`;
  }
  return undefined;
}

/**
 * Gives an `initialize` request whose params lack `capabilities` (some
 * clients send `{}`) empty ones, as LSP means by an absent capability.
 * vscode-languageserver reads `params.capabilities.workspace` before any
 * handler of ours runs, so the params are completed as the message arrives.
 */
export function withInitializeCapabilities(message: Message): Message {
  const request = message as RequestMessage;
  if (request.method !== 'initialize' || request.id === undefined) {
    return message;
  }
  const params = request.params;
  if (params === undefined || params === null) {
    return { ...request, params: { processId: null, rootUri: null, capabilities: {} } } as RequestMessage;
  }
  if (typeof params === 'object' && !Array.isArray(params) && (typeof (params as { capabilities?: unknown }).capabilities !== 'object' || (params as { capabilities?: unknown }).capabilities === null)) {
    return { ...request, params: { ...params, capabilities: {} } } as RequestMessage;
  }
  return message;
}

function analysisOptions(settings: ServerSettings): AnalysisOptions {
  return { defaultPreset: settings.defaultPreset, defaultC: settings.defaultC, defaultDelta: settings.defaultDelta };
}

/**
 * File URL of docs/diagnostics.md next to the bundle (dist/../docs), the
 * table of every code, so each diagnostic links to it; undefined when the
 * file is not installed.
 */
function findDiagnosticsReference(): string | undefined {
  const candidates = [path.resolve(__dirname, '..', 'docs', 'diagnostics.md'), path.resolve(__dirname, '..', '..', '..', 'docs', 'diagnostics.md')];
  const found = candidates.find((candidate) => existsSync(candidate));
  return found ? pathToFileURL(found).toString() : undefined;
}
