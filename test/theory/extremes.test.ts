/**
 * Extreme settings: K = 1e6, n = 1e12, D = 1e4, delta = 1e-300. Every
 * value must be finite, and the bounds monotone in n, K and delta.
 */
import { describe, expect, it } from 'vitest';
import { explicitBound, gaussianBracketHalfWidth, orderBound, planSampleSize } from '../../server/src/core/theory';
import { gaussianPoint } from './points';

const extreme = { K: 1e6, n: 1e12, D: 1e4, dSim: 5e3, B: 1e6 + 1, delta: 1e-300 };

describe('extreme values', () => {
  it('explicit bound is finite', () => {
    const report = explicitBound(gaussianPoint({ ...extreme, preset: 'mle_bracketing' }));
    for (const value of [report.single.value, report.multi.value, report.ratio.value, report.ratio.identity]) {
      expect(Number.isFinite(value)).toBe(true);
    }
    expect(report.counts.single).toBe(1e10);
    expect(report.counts.multi).toBe(1e6 * 5e3 + 5e3);
    expect(report.nonVacuousAt).toBeDefined();
  });

  it('order bound is finite', () => {
    const report = orderBound(gaussianPoint(extreme));
    expect(report.single.value).toBeCloseTo(Math.sqrt(1e10 / 1e12), 15);
  });

  it('h keeps precision for tiny eps', () => {
    // Series: (1 + eps)^(1/d) - 1 = (eps / d) (1 + (1/d - 1) eps / 2 + O(eps^2)).
    const eps = 1e-12;
    const d = 1e4;
    const series = (Math.sqrt(2 * Math.PI) / 2) * (eps / d) * (1 + ((1 / d - 1) * eps) / 2);
    expect(Math.abs(gaussianBracketHalfWidth(eps, d) / series - 1)).toBeLessThan(1e-12);

    // The direct form loses every digit here, which is why the code uses expm1(log1p(eps) / d).
    const direct = (Math.sqrt(2 * Math.PI) / 2) * (Math.pow(1 + eps, 1 / d) - 1);
    expect(Math.abs(direct / series - 1)).toBeGreaterThan(1e-6);
  });

  it('decreasing in n', () => {
    let previous = { single: Infinity, multi: Infinity };
    for (const n of [1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12]) {
      const report = explicitBound(gaussianPoint({ ...extreme, n, preset: 'mle_bracketing' }));
      expect(report.single.value).toBeLessThan(previous.single);
      expect(report.multi.value).toBeLessThan(previous.multi);
      previous = { single: report.single.value, multi: report.multi.value };
    }
  });

  it('increasing in K', () => {
    let previous = 0;
    for (const K of [1, 10, 1e3, 1e5, 1e6]) {
      const report = explicitBound(gaussianPoint({ ...extreme, K, B: 1e6 + 1, preset: 'mle_bracketing' }));
      expect(report.single.value).toBeGreaterThan(previous);
      expect(report.multi.value).toBeLessThanOrEqual(report.single.value);
      previous = report.single.value;
    }
  });

  it('decreasing in delta', () => {
    let previous = Infinity;
    for (const delta of [1e-300, 1e-100, 1e-10, 0.05, 0.5, 0.999]) {
      const report = explicitBound(gaussianPoint({ ...extreme, delta, preset: 'mle_bracketing' }));
      expect(Number.isFinite(report.single.value)).toBe(true);
      expect(report.single.value).toBeLessThan(previous);
      previous = report.single.value;
    }
  });

  it('planner stays within the search limit', () => {
    // log N is about 1e10 * log(1e22) = 5e11, so the bound reaches 1 near n = 9 * 5e11 = 5e12.
    const plan = planSampleSize(gaussianPoint({ ...extreme, preset: 'mle_bracketing' }), 1);
    expect(plan.single).not.toBeNull();
    expect(Number.isSafeInteger(plan.single!)).toBe(true);
    expect(plan.multi!).toBeLessThan(plan.single!);
  });
});
