/**
 * The server also runs over Node IPC (`--node-ipc`), the transport that
 * the VS Code client uses.
 */
import { fork } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { Hover, InitializeResult, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer, serverPath } from './client';

beforeAll(() => {
  buildServer();
});

describe('language server over Node IPC', () => {
  it('initializes, publishes and hovers', async () => {
    const child = fork(serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();

    const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as InitializeResult;
    expect(result.capabilities.hoverProvider).toBe(true);
    await connection.sendNotification('initialized', {});

    const uri = 'untitled:ipc.msb';
    const text = 'experiment a {\n  sources K = 5\n  samples n = 500\n  model gaussian { dim D = 10; shared d_sim = 5 }\n  claim single <= 0.1\n}\n';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'msbound', version: 1, text } });
    const diagnostics = await published;
    expect(diagnostics.diagnostics.map((diagnostic) => diagnostic.range.start.line)).toContain(4);

    const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 3 } })) as Hover;
    expect((hover.contents as MarkupContent).value).toContain('0.244949');

    await connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await connection.sendNotification('exit');
    expect(await exited).toBe(0);
    connection.dispose();
  });
});
