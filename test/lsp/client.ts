/**
 * A minimal LSP client for tests and benchmarks: starts dist/server.js as
 * a child process and talks JSON-RPC to it over stdio through
 * vscode-jsonrpc, answering the requests that a server sends to an editor
 * (configuration, progress, refresh, registration).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

/** Repository root; MSBOUND_ROOT overrides it when this file runs from a bundle elsewhere (the benchmark). */
export const repositoryRoot = process.env.MSBOUND_ROOT ?? path.resolve(__dirname, '..', '..');
export const serverPath = path.join(repositoryRoot, 'dist', 'server.js');

/**
 * Builds dist/ with the project's build script. The build of another
 * entry (the CLI, say) may fail while the server's succeeds, so success
 * here means dist/server.js was written by this build.
 */
export function buildServer(): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repositoryRoot, encoding: 'utf8' });
  const fresh = existsSync(serverPath) && statSync(serverPath).mtimeMs >= started - 1000;
  if (!fresh) {
    throw new Error(`npm run build did not produce dist/server.js:\n${result.stdout}\n${result.stderr}`);
  }
}

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

export interface TestClientOptions {
  /** Settings returned for workspace/configuration of the `msbound` section. */
  settings?: Record<string, unknown>;
}

export class TestClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  readonly logs: string[] = [];
  settings: Record<string, unknown>;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: { uri: string; predicate: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(options: TestClientOptions = {}) {
    this.settings = options.settings ?? {};
    this.child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: repositoryRoot, stdio: 'pipe' });
    this.child.stderr.on('data', (chunk) => (this.stderr += String(chunk)));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));

    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params);
      this.diagnostics.set(params.uri, list);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'msbound' ? this.settings : null)),
    );
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onRequest('workspace/semanticTokens/refresh', () => null);
    this.connection.onNotification('$/progress', () => undefined);
    this.connection.onNotification('msbound/checkStatus', () => undefined);
    this.connection.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const result = (await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(repositoryRoot),
      clientInfo: { name: 'msbound-test-client' },
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          inlayHint: {},
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } } },
        },
        window: { workDoneProgress: true },
      },
    })) as InitializeResult;
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'msbound', version, text } });
  }

  /** Resolves with the first diagnostics for `uri` (already received or future) that satisfy the predicate. */
  waitForDiagnostics(uri: string, predicate: (params: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const existing = (this.diagnostics.get(uri) ?? []).find(predicate);
    if (existing) {
      return Promise.resolve(existing);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; server log:\n${this.logs.join('\n')}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({
        uri,
        predicate,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      });
    });
  }

  diagnosticsOf(uri: string): Diagnostic[] {
    const list = this.diagnostics.get(uri) ?? [];
    return list.length > 0 ? list[list.length - 1].diagnostics : [];
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Sends shutdown and exit and waits for the process to end; returns its exit code. */
  async shutdown(): Promise<number | null> {
    if (this.child.exitCode !== null) {
      return this.child.exitCode;
    }
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    const timer = setTimeout(() => this.child.kill(), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}
