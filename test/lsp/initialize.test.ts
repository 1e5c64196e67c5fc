/**
 * `initialize` from clients that send less than LSP describes: params
 * without `capabilities` (such as `{}`) count as a client without
 * capabilities, and the server then works as for any other client.
 */
import type { Hover, InitializeResult, MarkupContent } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient, buildServer } from './client';

const SPEC = 'experiment a {\n  sources K = 5\n  samples n = 500\n  model gaussian {\n    dim D = 10\n    shared d_sim = 5\n  }\n}\n';

let client: TestClient | undefined;

afterEach(async () => {
  if (client) {
    await client.shutdown();
    client = undefined;
  }
});

describe('initialize without capabilities', () => {
  for (const params of [{}, { processId: null, rootUri: null }, { processId: null, rootUri: null, capabilities: null }]) {
    it(`accepts ${JSON.stringify(params)} and then answers requests`, async () => {
      buildServer();
      client = new TestClient();
      const result = await client.request<InitializeResult>('initialize', params);
      expect(result.capabilities.hoverProvider).toBe(true);
      expect(result.capabilities.codeLensProvider).toBeTruthy();
      await client.connection.sendNotification('initialized', {});

      const uri = 'untitled:bare.msb';
      await client.open(uri, SPEC);
      const published = await client.waitForDiagnostics(uri);
      expect(published.diagnostics).toEqual([]);
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 3 } });
      expect((hover?.contents as MarkupContent).value).toContain('multi-source');
      expect(await client.shutdown()).toBe(0);
      client = undefined;
    });
  }
});
