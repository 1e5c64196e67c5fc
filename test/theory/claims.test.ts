/**
 * Claims over sweep points: proved, refuted (first counterexample) and
 * unknown, with equality within the tolerance and dependencies on the
 * preset, C and delta.
 */
import { describe, expect, it } from 'vitest';
import { approximatelyEqual, checkClaim, compareValues, computeBounds, type ClaimPoint } from '../../server/src/core/theory';
import type { BoundReport } from '../../server/src/core/theory/types';
import { claim, gaussianPoint, type GaussianPointOptions } from './points';

function points(options: GaussianPointOptions[], values: { left?: number; right?: number } = {}): ClaimPoint[] {
  return options.map((option) => ({ report: computeBounds(gaussianPoint(option)) as BoundReport, ...values }));
}

const sweepK = (preset: 'paper' | 'mle_bracketing') =>
  [1, 3, 5, 10, 15].map((K) => ({ K, preset, sweepValues: { K } }));

describe('comparison with tolerance', () => {
  it('equal values', () => {
    expect(approximatelyEqual(1, 1 + 1e-13)).toBe(true);
    expect(approximatelyEqual(1, 1 + 1e-9)).toBe(false);
    expect(approximatelyEqual(0, 0)).toBe(true);
  });

  it('strict fails and non-strict holds on equality', () => {
    expect(compareValues(1, '<', 1 + 1e-13)).toBe(false);
    expect(compareValues(1, '<=', 1 + 1e-13)).toBe(true);
    expect(compareValues(1 + 1e-13, '>', 1)).toBe(false);
    expect(compareValues(1, '>=', 1 + 1e-13)).toBe(true);
    expect(compareValues(1, '<', 1 + 1e-9)).toBe(true);
    expect(compareValues(2, '>', 1)).toBe(true);
    expect(compareValues(1, '>=', 2)).toBe(false);
  });
});

describe('claims over a sweep of K', () => {
  it('multi < single refuted at K = 1', () => {
    const result = checkClaim(claim('multi', '<', 'single'), points(sweepK('paper')));
    expect(result.status).toBe('refuted');
    expect(result.counterexample).toEqual({ K: 1 });
    expect(result.summary).toMatch(/fails at K = 1 under the paper preset/);
    expect(result.summary).toMatch(/equal within the tolerance/);
    expect(result.derivation.steps.at(-1)?.value).toBe(0);
    expect(result.dependsOn).toBeUndefined();
  });

  it('multi <= single proved, closest at K = 1', () => {
    const result = checkClaim(claim('multi', '<=', 'single'), points(sweepK('paper')));
    expect(result.status).toBe('proved');
    expect(result.summary).toMatch(/holds at all 5 sweep points/);
    expect(result.derivation.title).toMatch(/K = 1/);
    expect(result.counterexample).toBeUndefined();
  });

  it('single >= multi and multi > single', () => {
    expect(checkClaim(claim('single', '>=', 'multi'), points(sweepK('mle_bracketing'))).status).toBe('proved');
    expect(checkClaim(claim('multi', '>', 'single'), points(sweepK('mle_bracketing'))).status).toBe('refuted');
  });

  it('first counterexample in sweep order', () => {
    // single = sqrt(10 K / 500) exceeds 0.3 from K = 5 on (0.316), not at K = 3 (0.245).
    const result = checkClaim(claim('single', '<=', 0.3), points(sweepK('paper'), { right: 0.3 }));
    expect(result.status).toBe('refuted');
    expect(result.counterexample).toEqual({ K: 5 });
  });
});

describe('claims at sim = 0', () => {
  const atZero = points([{ dSim: 0, sweepValues: { sim: 0 } }]);

  it('advantage > 0 refuted, advantage >= 0 proved', () => {
    expect(checkClaim(claim('advantage', '>', 0), atZero.map((p) => ({ ...p, right: 0 }))).status).toBe('refuted');
    expect(checkClaim(claim('advantage', '>=', 0), atZero.map((p) => ({ ...p, right: 0 }))).status).toBe('proved');
  });

  it('ratio < 1 refuted', () => {
    const result = checkClaim(claim('ratio', '<', 1), atZero.map((p) => ({ ...p, right: 1 })));
    expect(result.status).toBe('refuted');
    expect(result.counterexample).toEqual({ sim: 0 });
  });
});

describe('dependencies', () => {
  it('single <= 0.5 depends on the preset', () => {
    // paper: sqrt(50 / 500) = 0.316 <= 0.5; mle_bracketing: 3.02 > 0.5.
    const paper = checkClaim(claim('single', '<=', 0.5), points([{}], { right: 0.5 }));
    expect(paper.status).toBe('proved');
    expect(paper.dependsOn).toEqual(['preset']);
    expect(paper.summary).toMatch(/Under the mle_bracketing preset it is refuted/);
  });

  it('explicit single <= 0.5 depends on the preset and C, not delta', () => {
    // delta = 1e-12 or 0.5 leaves the bound above 2.9; C * 1e-6 brings it to 3e-6.
    const explicit = checkClaim(claim('single', '<=', 0.5), points([{ preset: 'mle_bracketing' }], { right: 0.5 }));
    expect(explicit.status).toBe('refuted');
    expect(explicit.dependsOn).toEqual(['preset', 'C']);
  });

  it('explicit ratio <= 0.775 depends on the preset and delta, not C', () => {
    // ratio at delta = 0.05 is 0.77612 > 0.775; at delta = 0.5,
    // sqrt((30 * 10.0841 + 0.6931) / (50 * 10.0841 + 0.6931)) = 0.77495 <= 0.775;
    // the order-level ratio is sqrt(0.6) = 0.77460.
    const result = checkClaim(claim('ratio', '<=', 0.775), points([{ preset: 'mle_bracketing' }], { right: 0.775 }));
    expect(result.status).toBe('refuted');
    expect(result.dependsOn).toEqual(['preset', 'delta']);
  });

  it('multi <= single depends on nothing', () => {
    expect(checkClaim(claim('multi', '<=', 'single'), points(sweepK('mle_bracketing'))).dependsOn).toBeUndefined();
  });
});

describe('unknown claims', () => {
  it('no bound for the class', () => {
    const result = checkClaim(claim('multi', '<', 'single'), [{ unavailable: "No bound is available yet for model class 'energy'." }]);
    expect(result.status).toBe('unknown');
    expect(result.summary).toMatch(/model class 'energy'/);
  });

  it('expression without a value', () => {
    const result = checkClaim(claim('single', '<=', 0.5), points([{}]));
    expect(result.status).toBe('unknown');
    expect(result.summary).toMatch(/no finite value/);
  });

  it('no points', () => {
    expect(checkClaim(claim('multi', '<', 'single'), []).status).toBe('unknown');
  });

  it('a counterexample decides despite unknown points', () => {
    const mixed: ClaimPoint[] = [{ unavailable: 'invalid point' }, ...points([{ K: 1, sweepValues: { K: 1 } }])];
    const result = checkClaim(claim('multi', '<', 'single'), mixed);
    expect(result.status).toBe('refuted');
    expect(result.counterexample).toEqual({ K: 1 });
  });
});
