/**
 * A minimal LSP client for tests and benchmarks: starts dist/server.js as
 * a child process and talks JSON-RPC to it over stdio through
 * vscode-jsonrpc, and responds to the requests that a server sends to an editor
 * (configuration, progress, refresh, registration).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
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

/** Newest modification time of the files under a folder, in milliseconds. */
function newestModification(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function serverIsStale(): boolean {
  if (!existsSync(serverPath)) {
    return true;
  }
  const sources = Math.max(newestModification(path.join(repositoryRoot, 'server', 'src')), newestModification(path.join(repositoryRoot, 'client', 'src')));
  return statSync(serverPath).mtimeMs < sources;
}

/**
 * Builds dist/ with the project's build script when dist/server.js is
 * missing or older than the sources (`npm test` has just built it, and
 * rebuilding would rewrite files that other tests are running). A lock
 * directory keeps test files that start together from building at once.
 * The build of another entry (the CLI, say) may fail while the server's
 * succeeds, so success here means this build wrote dist/server.js.
 */
export function buildServer(): void {
  const lock = path.join(os.tmpdir(), `msbound-build-${Buffer.from(repositoryRoot).toString('hex').slice(-32)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for the build lock ${lock}; delete it if no build is running`);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    if (!serverIsStale()) {
      return;
    }
    const started = Date.now();
    const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repositoryRoot, encoding: 'utf8' });
    const written = existsSync(serverPath) && statSync(serverPath).mtimeMs >= started - 1000;
    if (!written) {
      throw new Error(`npm run build did not write dist/server.js:\n${result.stdout}\n${result.stderr}`);
    }
  } finally {
    rmdirSync(lock);
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
  /** Values of every msbound/checkStatus notification, in order. */
  readonly checkStatus: number[] = [];
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
    this.connection.onNotification('msbound/checkStatus', (params: { running: number }) => {
      this.checkStatus.push(params.running);
    });
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
