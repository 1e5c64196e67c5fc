/**
 * Ratio identity multi / single = sqrt(1 - (K - 1) beta_sim / K): exact
 * for the order-level preset; for the explicit preset the ratio is
 * sqrt((P_multi l + log(1/delta)) / (P_single l + log(1/delta))) with
 * l = log ceil(B / h), between the identity and 1.
 */
import { describe, expect, it } from 'vitest';
import { explicitBound, gaussianBracketHalfWidth, orderBound, ratioIdentity } from '../../server/src/core/theory';
import { gaussianPoint } from './points';

describe('ratio identity', () => {
  it('hand-computed values', () => {
    // K = 5, beta = 0.5: sqrt(1 - 4 * 0.5 / 5) = sqrt(0.6) = 0.7745967.
    expect(ratioIdentity(5, 0.5)).toBeCloseTo(Math.sqrt(0.6), 15);
    // K = 1: sqrt(1 - 0) = 1; beta = 0: 1; K = 15, beta = 1: sqrt(1/15).
    expect(ratioIdentity(1, 0.7)).toBe(1);
    expect(ratioIdentity(9, 0)).toBe(1);
    expect(ratioIdentity(15, 1)).toBeCloseTo(Math.sqrt(1 / 15), 15);
  });

  it('exact for the order-level preset', () => {
    for (const K of [1, 2, 3, 5, 10, 15, 1000]) {
      for (let dSim = 0; dSim <= 10; dSim++) {
        const report = orderBound(gaussianPoint({ K, dSim }));
        expect(Math.abs(report.ratio.value / report.ratio.identity - 1)).toBeLessThan(1e-12);
        expect(report.ratio.derivation.steps[1].note).toMatch(/equals the identity/);
      }
    }
  });

  it('explicit ratio from its closed form', () => {
    for (const K of [2, 5, 15]) {
      for (const dSim of [0, 3, 5, 10]) {
        for (const delta of [1e-10, 0.05, 0.5]) {
          const point = gaussianPoint({ K, dSim, delta, preset: 'mle_bracketing' });
          const report = explicitBound(point);
          const l = Math.log(Math.ceil((K + 1) / gaussianBracketHalfWidth(1 / 500, 10)));
          const single = K * 10;
          const multi = K * (10 - dSim) + dSim;
          const expected = Math.sqrt((multi * l - Math.log(delta)) / (single * l - Math.log(delta)));

          expect(report.ratio.value).toBeCloseTo(expected, 13);
          expect(report.ratio.value).toBeGreaterThanOrEqual(report.ratio.identity * (1 - 1e-12));
          expect(report.ratio.value).toBeLessThanOrEqual(1 + 1e-12);
        }
      }
    }
  });

  it('explicit ratio approaches the identity as n grows', () => {
    let previousGap = Infinity;
    for (const n of [1e2, 1e4, 1e6, 1e9, 1e12]) {
      const report = explicitBound(gaussianPoint({ n, preset: 'mle_bracketing' }));
      const gap = report.ratio.value - report.ratio.identity;
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThan(previousGap);
      previousGap = gap;
    }
  });

  it('explicit derivation explains the difference', () => {
    const report = explicitBound(gaussianPoint({ preset: 'mle_bracketing' }));
    expect(report.ratio.identity).toBeCloseTo(Math.sqrt(0.6), 15);
    expect(report.ratio.derivation.steps[1].note).toMatch(/log\(1\/delta\) adds the same amount to both/);
  });
});
