/**
 * The language server's check service against a fake connection: one
 * progress per experiment that ends exactly once (finished, cancelled,
 * failed, back to back), annotations from the results, results that
 * survive a restart through the store, and stale marking.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type Connection } from 'vscode-languageserver/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyze, type Analysis, type AnalysisOptions } from '../../server/src/core/analysis';
import { hintLabel } from '../../server/src/lsp/checks/annotations';
import { CheckService, type CheckServiceHost } from '../../server/src/lsp/checks/service';
import { readRecords } from '../../server/src/runner/store';
import { buildWorker, removeFolder, slowSpec, smallSpec } from './helpers';

interface FakeProgress {
  title?: string;
  reports: string[];
  begun: number;
  done: number;
  source: CancellationTokenSource;
}

class FakeHost implements CheckServiceHost {
  readonly progresses: FakeProgress[] = [];
  readonly logs: string[] = [];
  refreshes = 0;
  texts = new Map<string, string>();
  onReport?: (progress: FakeProgress) => void;
  connection: Connection;

  constructor() {
    const host = this;
    this.connection = {
      window: {
        async createWorkDoneProgress() {
          const progress: FakeProgress = { reports: [], begun: 0, done: 0, source: new CancellationTokenSource() };
          host.progresses.push(progress);
          return {
            token: progress.source.token,
            begin(title: string) {
              progress.title = title;
              progress.begun++;
            },
            report(first: number | string, second?: string) {
              progress.reports.push(typeof first === 'string' ? first : (second ?? String(first)));
              host.onReport?.(progress);
            },
            done() {
              progress.done++;
            },
          };
        },
      },
    } as unknown as Connection;
  }

  getAnalysis(uri: string): Analysis | undefined {
    const text = this.texts.get(uri);
    return text === undefined ? undefined : analyze(text, this.options);
  }
  getText(uri: string): string | undefined {
    return this.texts.get(uri);
  }
  refresh(): void {
    this.refreshes++;
  }
  log(message: string): void {
    this.logs.push(message);
  }
  settings() {
    return { workers: 2 };
  }
  analysisOptions(): AnalysisOptions {
    return this.options;
  }
  options: AnalysisOptions = {};
}

let workerFolder: string | undefined;
let workspace: string;
let specPath: string;
let uri: string;

beforeAll(async () => {
  workerFolder = await buildWorker();
});

afterAll(() => {
  removeFolder(workerFolder);
});

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'msbound-service-'));
  // The store folder marks the workspace root, so a `.msbound` in a folder above (such as the temporary folder) is not used instead.
  mkdirSync(path.join(workspace, '.msbound'));
  specPath = path.join(workspace, 'spec.msb');
  uri = pathToFileURL(specPath).toString();
});

function codes(service: CheckService): string[] {
  return service.annotations(uri).diagnostics.map((diagnostic) => diagnostic.code);
}

describe('CheckService', () => {
  it('run stores, annotates, survives restart', async () => {
    const host = new FakeHost();
    const text = smallSpec(30);
    writeFileSync(specPath, text);
    host.texts.set(uri, text);
    const service = new CheckService(host);
    await service.run(uri);

    expect(host.progresses).toHaveLength(1);
    const [progress] = host.progresses;
    expect(progress.title).toBe('Checking small');
    expect([progress.begun, progress.done]).toEqual([1, 1]);
    expect(progress.reports.some((report) => /^\d+\/30 seed runs/.test(report))).toBe(true);

    const { records } = readRecords(workspace);
    expect(records).toHaveLength(1);
    const record = records[0];
    expect(record.spec).toBe('spec.msb');
    expect(record.status).toBe('finished');
    expect(record.check!.points[0].seeds).toHaveLength(30);

    const annotations = service.annotations(uri);
    const nameSpan = host.getAnalysis(uri)!.experiments[0].experiment.nameSpan;
    expect(annotations.inlayHints).toEqual([{ offset: nameSpan.end, label: hintLabel(record.check!.points[0]) }]);
    const failed = record.check!.points[0].verdicts.filter((verdict) => verdict.status === 'fail').length;
    const diagnosticCodes = codes(service);
    expect(diagnosticCodes.filter((code) => code === 'MSB202')).toHaveLength(failed);
    expect(diagnosticCodes.includes('MSB201')).toBe(record.check!.points[0].verdicts.every((verdict) => verdict.status === 'pass'));
    expect(annotations.lenses).toHaveLength(1);
    const verdicts = [...record.check!.points.flatMap((point) => point.verdicts), ...record.check!.verdicts];
    const failing = verdicts.filter((verdict) => verdict.status === 'fail').length;
    const inconclusive = verdicts.filter((verdict) => verdict.status === 'inconclusive').length;
    const outcome = failing > 0 ? `${failing} of ${verdicts.length} verdicts fail` : inconclusive > 0 ? `${inconclusive} of ${verdicts.length} verdicts inconclusive` : 'passed';
    expect(annotations.lenses[0]).toMatchObject({ experiment: 'small', command: 'msbound.runCheck', hasResults: true });
    expect(annotations.lenses[0].title).toMatch(new RegExp(`^Run check \\(last: ${outcome}, \\d+ s ago\\)$`));

    // A restarted server reads the same results back from the store.
    const restarted = new CheckService(host);
    expect(restarted.annotations(uri)).toEqual(service.annotations(uri));

    // Editing a number the check uses makes the results stale; editing a comment does not.
    host.texts.set(uri, `# a comment\n${text}`);
    expect(codes(restarted)).not.toContain('MSB204');
    host.texts.set(uri, text.replace('samples n = 200', 'samples n = 300'));
    expect(codes(restarted)).toEqual(['MSB204']);
    expect(restarted.annotations(uri).lenses[0]).toMatchObject({ title: 'Run check (stale)', command: 'msbound.runCheck', hasResults: true });
    expect(restarted.annotations(uri).inlayHints).toEqual([]);
  });

  it('editor cancel keeps partial result', async () => {
    const host = new FakeHost();
    const text = slowSpec(400);
    host.texts.set(uri, text);
    writeFileSync(specPath, text);
    host.onReport = (progress) => {
      if (progress.reports.some((report) => /^[1-9]\d*\/400/.test(report))) {
        progress.source.cancel();
      }
    };
    const service = new CheckService(host);
    await service.run(uri);
    expect(host.progresses.map((p) => [p.begun, p.done])).toEqual([[1, 1]]);
    const record = readRecords(workspace).records[0];
    expect(record.status).toBe('cancelled');
    expect(record.partial).toBe(true);
    expect(codes(service)).toContain('MSB205');
  });

  it('back-to-back runs and cancelAll end progress once', async () => {
    const host = new FakeHost();
    const text = `${smallSpec(10, 'first')}\n${smallSpec(10, 'second')}`;
    host.texts.set(uri, text);
    writeFileSync(specPath, text);
    const service = new CheckService(host);
    await Promise.all([service.run(uri), service.run(uri, 'second')]);
    expect(host.progresses).toHaveLength(3);
    expect(host.progresses.every((p) => p.begun === 1 && p.done === 1)).toBe(true);

    const slow = slowSpec(400);
    host.texts.set(uri, `${slow}\n${slow.replace('experiment slow', 'experiment slower')}`);
    host.onReport = () => service.cancelAll();
    await service.run(uri);
    // The first experiment is cancelled, the second never starts.
    expect(host.progresses).toHaveLength(4);
    expect(host.progresses.every((p) => p.begun === 1 && p.done === 1)).toBe(true);
  });

  it('two runs of one experiment keep the running lens', async () => {
    const host = new FakeHost();
    const text = slowSpec(400);
    host.texts.set(uri, text);
    writeFileSync(specPath, text);
    const service = new CheckService(host);

    const runningTitles: string[] = [];
    host.onReport = () => {
      const lens = service.annotations(uri).lenses.find((entry) => entry.experiment === 'slow');
      runningTitles.push(lens?.title ?? '');
    };
    const first = service.run(uri, 'slow');
    const second = service.run(uri, 'slow');
    await new Promise((resolve) => setTimeout(resolve, 300));
    service.cancelAll();
    await Promise.all([first, second]);

    expect(runningTitles.length).toBeGreaterThan(0);
    for (const title of runningTitles) {
      expect(title).toMatch(/Checking: \d+\/\d+ seed runs/);
      expect(title).not.toContain('0/0');
    }
    expect(service.annotations(uri).lenses.find((entry) => entry.experiment === 'slow')?.title).not.toMatch(/Checking/);
  });

  it('missing worker script warns with reason', async () => {
    const host = new FakeHost();
    host.texts.set(uri, smallSpec(5));
    writeFileSync(specPath, smallSpec(5));
    const saved = process.env.MSBOUND_WORKER_PATH;
    process.env.MSBOUND_WORKER_PATH = path.join(workspace, 'missing-worker.js');
    try {
      const service = new CheckService(host);
      await service.run(uri);
      expect(host.progresses.map((p) => [p.begun, p.done])).toEqual([[1, 1]]);
      const failure = service.annotations(uri).diagnostics.find((diagnostic) => diagnostic.code === 'MSB206');
      expect(failure?.severity).toBe('warning');
      expect(failure?.message).toMatch(/missing-worker\.js is missing; run `npm run build`/);
    } finally {
      process.env.MSBOUND_WORKER_PATH = saved;
    }
  });

  it('workers use the editor analysis options', async () => {
    const host = new FakeHost();
    host.options = { defaultPreset: 'mle_bracketing', defaultC: 2 };
    host.texts.set(uri, smallSpec(4));
    writeFileSync(specPath, smallSpec(4));
    const service = new CheckService(host);
    await service.run(uri);
    const record = readRecords(workspace).records[0];
    expect(record.status, record.error).toBe('finished');
    expect(record.points[0].bounds?.preset).toBe('mle_bracketing');
    // The stored hash is that of the points the workers ran, so it matches the editor's analysis only with the same options.
    expect(codes(service)).not.toContain('MSB204');
    host.options = {};
    expect(codes(service)).toContain('MSB204');
  });

  it('unsaved documents stay in memory', async () => {
    const host = new FakeHost();
    const untitled = 'untitled:Untitled-1';
    host.texts.set(untitled, smallSpec(4));
    const service = new CheckService(host);
    await service.run(untitled);
    expect(service.annotations(untitled).inlayHints).toHaveLength(1);
    expect(readdirSync(workspace, { recursive: true })).toEqual(['.msbound']);
  });
});
