/**
 * Protocol tests: the built dist/server.js runs as a child process and a
 * JSON-RPC client drives it over stdio, as an editor would.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Hover,
  InitializeResult,
  InlayHint,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAUSSIAN_SCHEMA } from '../../server/src/core/semantics/schema/index';
import { TestClient, buildServer, fileUri, repositoryRoot } from './client';

/** Order-level bounds of the reference setting K = 5, D = 10, d_sim = 5, n = 500 (sqrt(K D / n) and sqrt(((K - 1)(D - d_sim) + D) / n)). */
const SINGLE = Math.sqrt((5 * 10) / 500);
const MULTI = Math.sqrt((4 * 5 + 10) / 500);

const SPEC = [
  'experiment defaults {',
  '  sources K = 5',
  '  samples n = 500',
  '  model gaussian {',
  '    dim D = 10',
  '    shared d_sim = 5',
  '  }',
  '  bound paper',
  '  claim multi < single',
  '  claim single <= 0.2',
  '}',
  '',
].join('\n');

const specUri = fileUri(path.join(repositoryRoot, 'test', 'lsp', 'virtual', 'defaults.msb'));

function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((candidate) => candidate.includes(needle));
  expect(line, `line containing ${needle}`).toBeGreaterThanOrEqual(0);
  return line;
}

function markdownOf(hover: Hover | null): string {
  expect(hover).not.toBeNull();
  return (hover!.contents as MarkupContent).value;
}

let client: TestClient;
let initializeResult: InitializeResult;

beforeAll(async () => {
  buildServer();
  client = new TestClient();
  initializeResult = await client.initialize();
  await client.open(specUri, SPEC);
  await client.waitForDiagnostics(specUri);
});

afterAll(async () => {
  if (client && client.child.exitCode === null) {
    client.child.kill();
  }
});

describe('language server over stdio', () => {
  it('initialize advertises the features', () => {
    const capabilities = initializeResult.capabilities;
    expect(capabilities.hoverProvider).toBe(true);
    expect(capabilities.inlayHintProvider).toBeTruthy();
    expect(capabilities.codeLensProvider).toBeTruthy();
    expect(capabilities.documentFormattingProvider).toBe(true);
    expect(capabilities.executeCommandProvider?.commands).toEqual(
      expect.arrayContaining(['msbound.runCheck', 'msbound.runAllChecks', 'msbound.cancelChecks', 'msbound.showResults', 'msbound.planSampleSize', 'msbound.showDerivation', 'msbound.showBackend']),
    );
  });

  it('publishes diagnostics for figure1.msb', async () => {
    const file = path.join(repositoryRoot, 'examples', 'figure1.msb');
    const uri = fileUri(file);
    await client.open(uri, readFileSync(file, 'utf8'), 7);
    const published = await client.waitForDiagnostics(uri);
    expect(published.version).toBe(7);
    expect(published.diagnostics.filter((diagnostic) => diagnostic.severity === 1)).toEqual([]);
  });

  it('maps a refuted claim to an error with a code', () => {
    const diagnostics = client.diagnosticsOf(specUri);
    const refuted = diagnostics.find((diagnostic) => diagnostic.range.start.line === lineOf(SPEC, 'single <= 0.2'));
    expect(refuted, JSON.stringify(diagnostics)).toBeDefined();
    expect(refuted!.severity).toBe(1);
    expect(refuted!.code).toMatch(/^MSB\d{3}$/);
    expect(refuted!.source).toBe('msbound');
    expect(refuted!.codeDescription?.href).toMatch(/^file:\/\/.*\/docs\/diagnostics\.md$/);
  });

  it('hover on the model line shows both bounds and the derivation', async () => {
    const line = lineOf(SPEC, 'model gaussian');
    const markdown = markdownOf(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: specUri }, position: { line, character: 3 } }));
    expect(markdown).toContain(SINGLE.toPrecision(6).replace(/0+$/, ''));
    expect(markdown).toContain(MULTI.toPrecision(6).replace(/0+$/, ''));
    expect(markdown).toMatch(/\n1\. /);
    expect(markdown).toContain('beta_sim');
    expect(markdown).toContain('sqrt(1 - (K - 1) beta_sim / K)');
  });

  it('hover on a key shows its meaning and range', async () => {
    const line = lineOf(SPEC, 'dim D');
    const markdown = markdownOf(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: specUri }, position: { line, character: 5 } }));
    const dim = GAUSSIAN_SCHEMA.keys.find((key) => key.key === 'dim')!;
    expect(markdown).toContain('**dim**');
    expect(markdown).toContain(dim.meaning);
    expect(markdown).toContain(`valid: ${dim.range.description}`);
  });

  it('hover on a claim shows its outcome', async () => {
    const line = lineOf(SPEC, 'single <= 0.2');
    const markdown = markdownOf(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: specUri }, position: { line, character: 4 } }));
    expect(markdown).toContain('refuted');
  });

  it('inlay hints contain the multi-source bound', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: specUri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    const labels = hints.map((hint) => String(hint.label));
    const bound = labels.find((label) => label.includes('multi <='));
    expect(bound, labels.join(' | ')).toBeDefined();
    expect(bound).toContain(`multi <= ${MULTI.toPrecision(3)}`);
    expect(bound).toContain(`single <= ${SINGLE.toPrecision(3)}`);
    const boundHint = hints.find((hint) => String(hint.label) === bound)!;
    expect(boundHint.position.line).toBe(lineOf(SPEC, 'model gaussian'));
    expect(labels).toContain('proved');
  });

  it('code lenses run, explain and plan each experiment', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: specUri } });
    const commands = lenses.map((lens) => lens.command?.command);
    expect(commands).toEqual(expect.arrayContaining(['msbound.runCheck', 'msbound.showDerivation', 'msbound.planSampleSize']));
    expect(lenses[0].command?.arguments?.[0]).toEqual({ uri: specUri, experiment: 'defaults' });
    expect(lenses[0].range.start.line).toBe(0);
  });

  it('completion in a model block lists its keys', async () => {
    const uri = fileUri(path.join(repositoryRoot, 'test', 'lsp', 'virtual', 'complete.msb'));
    const text = 'experiment a {\n  sources K = 2\n  samples n = 10\n  model gaussian {\n    \n  }\n}\n';
    await client.open(uri, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 4 } });
    const labels = items.map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['dim', 'shared', 'similarity', 'mean_bound']));
    expect(labels).not.toContain('experiment');
  });

  it('code action fixes a misspelled key', async () => {
    const uri = fileUri(path.join(repositoryRoot, 'test', 'lsp', 'virtual', 'misspelled.msb'));
    const text = SPEC.replace('dim D = 10', 'dimm D = 10');
    await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri);
    const line = lineOf(text, 'dimm');
    const diagnostic = published.diagnostics.find((candidate) => candidate.range.start.line === line);
    expect(diagnostic, JSON.stringify(published.diagnostics)).toBeDefined();
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic!.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((action) => action.edit?.changes?.[uri]?.some((edit) => edit.newText === 'dim'));
    expect(fix, JSON.stringify(actions)).toBeDefined();
    expect(fix!.kind).toBe('quickfix');
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'msbound', 1, text), fix!.edit!.changes![uri]);
    expect(fixed).toBe(SPEC);
  });

  it('code action sets n for a bound target', async () => {
    const line = lineOf(SPEC, 'samples n');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: specUri },
      range: { start: { line, character: 2 }, end: { line, character: 2 } },
      context: { diagnostics: [] },
    });
    // Smallest n with sqrt(50 / n) <= 0.2 is n = 1250.
    const action = actions.find((candidate) => candidate.title.startsWith('Set n to 1250'));
    expect(action, actions.map((candidate) => candidate.title).join(' | ')).toBeDefined();
    expect(action!.edit!.changes![specUri]).toEqual([{ range: { start: { line, character: 14 }, end: { line, character: 17 } }, newText: '1250' }]);
  });

  it('formatting re-indents and spaces a messy spec', async () => {
    const uri = fileUri(path.join(repositoryRoot, 'test', 'lsp', 'virtual', 'messy.msb'));
    const text = 'experiment a{\nsources K=5\n   samples n   =  500\nmodel gaussian {dim D=10;shared d_sim=5}\n}';
    await client.open(uri, text);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'msbound', 1, text), edits);
    expect(formatted).toBe('experiment a {\n  sources K = 5\n  samples n = 500\n  model gaussian { dim D = 10; shared d_sim = 5 }\n}\n');
  });

  it('positions count UTF-16 code units', async () => {
    const uri = fileUri(path.join(repositoryRoot, 'test', 'lsp', 'virtual', 'unicode.msb'));
    // The emoji is two UTF-16 code units; `δ` is one. The statement after `;` still parses.
    const prefix = '  let δ = 😀; ';
    const text = `experiment u {\n  sources K = 5\n  samples n = 500\n${prefix}model gaussian { dim D = 10; shared d_sim = 5 }\n}\n`;
    await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri);
    const emojiColumn = prefix.indexOf('😀');
    const invalid = published.diagnostics.find((diagnostic) => diagnostic.range.start.line === 3 && diagnostic.range.start.character === emojiColumn);
    expect(invalid, JSON.stringify(published.diagnostics)).toBeDefined();
    expect(invalid!.range.end).toEqual({ line: 3, character: emojiColumn + 2 });

    const modelColumn = prefix.length;
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: modelColumn + 1 } });
    expect(markdownOf(hover)).toContain(MULTI.toPrecision(6).replace(/0+$/, ''));
    expect(hover!.range!.start).toEqual({ line: 3, character: modelColumn });

    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } } });
    const bound = hints.find((hint) => String(hint.label).includes('multi <='));
    expect(bound?.position).toEqual({ line: 3, character: text.split('\n')[3].length });

    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'msbound', 1, text), edits);
    expect(formatted).toContain('😀');
    expect(formatted.split('\n')[3]).toBe('  let δ = 😀; model gaussian { dim D = 10; shared d_sim = 5 }');
  });

  it('incremental change reports an error at its exact range', async () => {
    const uri = fileUri(path.join(repositoryRoot, 'test', 'lsp', 'virtual', 'change.msb'));
    await client.open(uri, SPEC, 1);
    await client.waitForDiagnostics(uri, (params) => params.version === 1);
    const line = lineOf(SPEC, 'samples n');
    // Replace `500` by `δ😀x`: the emoji is an invalid character two code units wide, after `δ`.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line, character: 14 }, end: { line, character: 17 } }, text: 'δ😀x' }],
    });
    const published = await client.waitForDiagnostics(uri, (params) => params.version === 2);
    const invalid = published.diagnostics.find((diagnostic) => diagnostic.range.start.line === line && diagnostic.range.start.character === 15);
    expect(invalid, JSON.stringify(published.diagnostics)).toBeDefined();
    expect(invalid!.range.end).toEqual({ line, character: 17 });
    expect(invalid!.severity).toBe(1);
  });

  it('full-text change replaces the document', async () => {
    const uri = fileUri(path.join(repositoryRoot, 'test', 'lsp', 'virtual', 'full.msb'));
    await client.open(uri, SPEC, 1);
    await client.waitForDiagnostics(uri, (params) => params.version === 1);
    const text = SPEC.replace('claim single <= 0.2', 'claim single <= 0.5');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const published = await client.waitForDiagnostics(uri, (params) => params.version === 2);
    expect(published.diagnostics.filter((diagnostic) => diagnostic.severity === 1)).toEqual([]);
  });

  it('settings change applies to the next analysis', async () => {
    client.settings = { defaultPreset: 'mle_bracketing', defaultC: 3, defaultDelta: 0.05 };
    const uri = fileUri(path.join(repositoryRoot, 'test', 'lsp', 'virtual', 'settings.msb'));
    const text = SPEC.replace('  bound paper\n', '');
    await client.open(uri, text);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { msbound: client.settings } });
    let markdown = '';
    for (let attempt = 0; attempt < 50 && !markdown.includes('mle_bracketing'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      markdown = markdownOf(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: lineOf(text, 'model'), character: 3 } }));
    }
    expect(markdown).toContain('preset `mle_bracketing`');
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { msbound: {} } });
  });

  it('requests for an unknown document return empty results', async () => {
    const uri = 'file:///nowhere/never-opened.msb';
    expect(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } })).toEqual([]);
    expect(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await expect(client.request('workspace/executeCommand', { command: 'msbound.showDerivation', arguments: [{ uri }] })).rejects.toThrow(/not open/);
  });

  it('malformed requests get errors and the server keeps running', async () => {
    await expect(client.request('textDocument/hover', { textDocument: { uri: specUri }, position: 'nonsense' })).rejects.toMatchObject({ code: -32602 });
    await expect(client.request('textDocument/inlayHint', { textDocument: { uri: specUri }, range: { start: { line: -1, character: 0 } } })).rejects.toMatchObject({ code: -32602 });
    await expect(client.request('textDocument/hover', { textDocument: {}, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32602 });
    await expect(client.request('msbound/noSuchMethod', {})).rejects.toThrow();
    await expect(client.request('workspace/executeCommand', { command: 'msbound.noSuchCommand', arguments: [] })).rejects.toThrow(/Unknown command/);
    await expect(client.request('workspace/executeCommand', { command: 'msbound.planSampleSize', arguments: [{ uri: specUri, experiment: 'defaults', target: -1 }] })).rejects.toThrow(/target/);
    // A message whose body is not JSON, framed correctly.
    const body = '{"jsonrpc": "2.0", "id": 99, "method": ';
    client.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: specUri }, position: { line: lineOf(SPEC, 'model'), character: 3 } });
    expect(markdownOf(hover)).toContain('multi-source');
    expect(client.child.exitCode).toBeNull();
  });

  it('commands return the derivation and the sample-size plan', async () => {
    const derivation = await client.request<{ markdown: string }>('workspace/executeCommand', { command: 'msbound.showDerivation', arguments: [{ uri: specUri, experiment: 'defaults' }] });
    expect(derivation.markdown).toContain(MULTI.toPrecision(6).replace(/0+$/, ''));
    const plan = await client.request<{ markdown: string }>('workspace/executeCommand', {
      command: 'msbound.planSampleSize',
      arguments: [{ uri: specUri, position: { line: 2, character: 3 }, target: 0.1 }],
    });
    // sqrt(50 / n) <= 0.1 first at n = 5000; sqrt(30 / n) <= 0.1 first at n = 3000.
    expect(plan.markdown).toContain('single-source 5000');
    expect(plan.markdown).toContain('multi-source 3000');
  });

  it('a check runs without blocking requests', async () => {
    const uri = 'untitled:check.msb';
    await client.open(uri, SPEC);
    await client.waitForDiagnostics(uri);
    const started = await client.request<{ started: string[] }>('workspace/executeCommand', { command: 'msbound.runCheck', arguments: [{ uri, experiment: 'defaults' }] });
    expect(started).toEqual({ started: ['defaults'] });
    expect(client.checkStatus).toContain(1);

    // The server responds while the check runs in worker processes.
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: lineOf(SPEC, 'model'), character: 3 } });
    expect(markdownOf(hover)).toContain('multi-source');

    for (let wait = 0; wait < 600 && client.checkStatus[client.checkStatus.length - 1] !== 0; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(client.checkStatus[client.checkStatus.length - 1]).toBe(0);
    const results = await client.request<{ experiments: { experiment: string; points: unknown[] }[] }>('workspace/executeCommand', {
      command: 'msbound.showResults',
      arguments: [{ uri, experiment: 'defaults' }],
    });
    expect(results.experiments.map((entry) => entry.experiment)).toEqual(['defaults']);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses.some((lens) => lens.command?.command === 'msbound.showResults'), JSON.stringify(lenses)).toBe(true);
  });

  it('show backend lists the CPU backend', async () => {
    const result = await client.request<{ markdown: string }>('workspace/executeCommand', { command: 'msbound.showBackend', arguments: [] });
    expect(result.markdown).toMatch(/\| cpu \| yes \|/);
  });

  it('a request cancelled before it starts is answered with RequestCancelled', async () => {
    const uri = fileUri(path.join(repositoryRoot, 'test', 'lsp', 'virtual', 'large.msb'));
    // A large document keeps the server busy, so the hover and its cancellation arrive together in its queue.
    const large = Array.from({ length: 400 }, (_, index) => SPEC.replace('experiment defaults', `experiment e${index}`)).join('\n');
    await client.open(uri, large);
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 3 } }, source.token);
    source.cancel();
    await expect(pending).rejects.toMatchObject({ code: -32800 });
  });

  it('shutdown and exit end the process with code 0', async () => {
    const code = await client.shutdown();
    expect(code).toBe(0);
  });
});
