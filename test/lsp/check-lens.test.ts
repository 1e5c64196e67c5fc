/**
 * Checks over the protocol with settings that differ from the defaults.
 * The check workers must resolve the same points as the editor, so a fresh
 * result is not stale. Each experiment has exactly one run lens, and its
 * title carries the status and age of the last run.
 */
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import { checkAnnotations } from '../../server/src/lsp/checks/annotations';
import { TestClient, buildServer } from './client';

/** Two experiments without a `bound` statement, so the preset, C and delta come from the settings. */
const SPEC = [
  'experiment first {',
  '  sources K = 3',
  '  samples n = 400',
  '  model gaussian {',
  '    dim D = 4',
  '    shared d_sim = 2',
  '  }',
  '  check { seeds = 6; test_samples = 200 }',
  '}',
  '',
  'experiment second {',
  '  sources K = 2',
  '  samples n = 300',
  '  model gaussian {',
  '    dim D = 3',
  '    shared d_sim = 1',
  '  }',
  '}',
  '',
].join('\n');

const uri = 'untitled:check-lens.msb';

interface Verdict {
  status: 'pass' | 'fail' | 'inconclusive';
}

interface PanelData {
  experiments: {
    experiment: string;
    points: { bounds?: { preset: string }; verdicts: Verdict[] }[];
    verdicts: Verdict[];
    record?: { stale: boolean; status: string };
  }[];
}

let client: TestClient;

async function lensesOf(experiment: string): Promise<CodeLens[]> {
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  return lenses.filter((lens) => (lens.command?.arguments?.[0] as { experiment?: string } | undefined)?.experiment === experiment);
}

/** Lenses that run (or show the state of) the check: every lens except results, derivation and plan. */
function runLenses(lenses: CodeLens[]): CodeLens[] {
  const others = new Set(['msbound.showResults', 'msbound.showDerivation', 'msbound.planSampleSize']);
  return lenses.filter((lens) => !others.has(lens.command!.command));
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; server log:\n${client.logs.join('\n')}\n${client.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  buildServer();
  client = new TestClient({ settings: { defaultPreset: 'mle_bracketing', defaultC: 2, defaultDelta: 0.1, checks: { workers: 2 } } });
  await client.initialize();
  await waitFor(() => client.logs.some((line) => line.includes('settings: preset mle_bracketing, C 2, delta 0.1')), 'the settings to apply');
  await client.open(uri, SPEC);
  await client.waitForDiagnostics(uri);
});

afterAll(async () => {
  if (client) {
    await client.shutdown();
  }
});

describe('check code lenses', () => {
  it('show one run lens per experiment before any run', async () => {
    for (const experiment of ['first', 'second']) {
      const lenses = await lensesOf(experiment);
      expect(lenses.map((lens) => `${lens.command!.command}:${lens.command!.title}`)).toEqual([
        'msbound.runCheck:Run check',
        'msbound.showDerivation:Show derivation',
        'msbound.planSampleSize:Plan sample size',
      ]);
    }
  });

  it('after a run under non-default settings: current results, one run lens with status and age', async () => {
    const started = await client.request<{ started: string[] }>('workspace/executeCommand', { command: 'msbound.runCheck', arguments: [{ uri, experiment: 'first' }] });
    expect(started).toEqual({ started: ['first'] });
    await waitFor(() => client.checkStatus.length >= 2 && client.checkStatus[client.checkStatus.length - 1] === 0, 'the check to end');

    const panel = await client.request<PanelData>('workspace/executeCommand', { command: 'msbound.showResults', arguments: [{ uri, experiment: 'first' }] });
    const [entry] = panel.experiments;
    expect(entry.record?.status).toBe('finished');
    // The workers resolved the points with the settings' preset, C and delta, as the editor did.
    expect(entry.record?.stale).toBe(false);
    expect(entry.points[0].bounds?.preset).toBe('mle_bracketing');

    const verdicts = [...entry.points.flatMap((point) => point.verdicts), ...entry.verdicts];
    expect(verdicts.length).toBeGreaterThan(0);
    const failing = verdicts.filter((verdict) => verdict.status === 'fail').length;
    const inconclusive = verdicts.filter((verdict) => verdict.status === 'inconclusive').length;
    const outcome =
      failing > 0 ? `${failing} of ${verdicts.length} verdicts fail` : inconclusive > 0 ? `${inconclusive} of ${verdicts.length} verdicts inconclusive` : 'passed';

    const lenses = await lensesOf('first');
    const run = runLenses(lenses);
    expect(run, JSON.stringify(lenses)).toHaveLength(1);
    expect(run[0].command!.command).toBe('msbound.runCheck');
    expect(run[0].command!.title).toMatch(new RegExp(`^Run check \\(last: ${outcome}, \\d+ s ago\\)$`));
    expect(lenses.map((lens) => lens.command!.command)).toEqual(['msbound.runCheck', 'msbound.showResults', 'msbound.showDerivation', 'msbound.planSampleSize']);

    // The experiment that did not run keeps its plain lens.
    expect(runLenses(await lensesOf('second')).map((lens) => lens.command!.title)).toEqual(['Run check']);

    const diagnostics = await client.waitForDiagnostics(uri, (params) => params.diagnostics.some((diagnostic) => /^MSB20[123]$/.test(String(diagnostic.code))));
    expect(diagnostics.diagnostics.map((diagnostic: Diagnostic) => diagnostic.code)).not.toContain('MSB204');
  });

  it('an edit of a number the check used marks the run lens stale', async () => {
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: SPEC.replace('samples n = 400', 'samples n = 500') }],
    });
    const diagnostics = await client.waitForDiagnostics(uri, (params) => params.version === 2);
    expect(diagnostics.diagnostics.map((diagnostic) => diagnostic.code)).toContain('MSB204');

    const lenses = await lensesOf('first');
    expect(runLenses(lenses).map((lens) => `${lens.command!.command}:${lens.command!.title}`)).toEqual(['msbound.runCheck:Run check (stale)']);
    expect(lenses.map((lens) => lens.command!.command)).toContain('msbound.showResults');
  });

  it('a running check shows its progress and cancels on click', () => {
    const running = new Map([['first', { completed: 3, total: 12, startedAt: Date.now() }]]);
    const { lenses } = checkAnnotations(analyze(SPEC), new Map(), running, new Date());
    expect(lenses.find((lens) => lens.experiment === 'first')).toMatchObject({
      title: '$(sync~spin) Checking: 3/12 seed runs (25 %)',
      command: 'msbound.cancelChecks',
      hasResults: false,
    });
    expect(lenses.find((lens) => lens.experiment === 'second')).toMatchObject({ title: 'Run check', command: 'msbound.runCheck' });
  });
});
