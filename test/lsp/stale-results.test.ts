/**
 * Stored results against the spec as written: an edit that leaves an
 * experiment without valid points must not keep showing the old results
 * as current.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import { runCheck } from '../../server/src/core/simulation';
import { checkAnnotations } from '../../server/src/lsp/checks/annotations';
import type { CheckOutcome } from '../../server/src/runner/protocol';
import { buildRecord } from '../../server/src/runner/store';

const SPEC = [
  'experiment first {',
  '  sources K = 3',
  '  samples n = 400',
  '  model gaussian { dim D = 4; shared d_sim = 2; mean_bound B = 4 }',
  '  check { seeds = 4; test_samples = 100 }',
  '}',
  '',
].join('\n');

function storedRun(text: string) {
  const experiment = analyze(text).experiments[0];
  const check = runCheck(experiment);
  const outcome: CheckOutcome = {
    status: 'finished',
    experiment: 'first',
    check,
    partial: false,
    seeds: [0, 1, 2, 3],
    totalUnits: 4,
    completedUnits: 4,
    backend: 'js',
    skippedBackends: [],
    versions: { msbound: '0.1.0', node: process.versions.node },
    timings: { wallMs: 10, computeMs: 5, startupMs: 5 },
    workers: 1,
  };
  return buildRecord({ outcome, points: experiment.points.map((entry) => entry.point) });
}

function runLensTitle(text: string, records: Map<string, ReturnType<typeof storedRun>>): string | undefined {
  const { lenses } = checkAnnotations(analyze(text), records, new Map(), new Date());
  return lenses.find((lens) => lens.experiment === 'first')?.title;
}

describe('stored results in the editor', () => {
  const records = new Map([['first', storedRun(SPEC)]]);

  it('apply to the unchanged spec', () => {
    expect(runLensTitle(SPEC, records)).toMatch(/^Run check \(last: /);
  });

  it('are stale after a valid edit', () => {
    expect(runLensTitle(SPEC.replace('n = 400', 'n = 500'), records)).toBe('Run check (stale)');
  });

  it('are stale while the experiment is invalid', () => {
    expect(runLensTitle(SPEC.replace('n = 400', 'n = '), records)).toBe('Run check (stale)');
    expect(runLensTitle(SPEC.replace('B = 4', 'B = -1'), records)).toBe('Run check (stale)');
  });

  it('show no empirical hint while the experiment is invalid', () => {
    const valid = checkAnnotations(analyze(SPEC), records, new Map(), new Date());
    const invalid = checkAnnotations(analyze(SPEC.replace('n = 400', 'n = ')), records, new Map(), new Date());
    expect(valid.inlayHints.length).toBeGreaterThan(0);
    expect(invalid.inlayHints).toEqual([]);
  });
});
