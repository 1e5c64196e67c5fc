/**
 * Sample-size planning against the closed form of the order-level preset,
 * against a linear scan for the explicit preset, and at the search limit.
 */
import { describe, expect, it } from 'vitest';
import {
  explicitBound,
  nonVacuousSampleSizes,
  orderLevelSampleSize,
  planSampleSize,
  SAMPLE_SEARCH_LIMIT,
  smallestSampleSize,
  tryExplicitBound,
} from '../../server/src/core/theory';
import type { ResolvedPoint } from '../../server/src/core/semantics/model';
import { gaussianPoint } from './points';

function explicitAt(point: ResolvedPoint, n: number): { single: number; multi: number } {
  const report = explicitBound({ ...point, n });
  return { single: report.single.value, multi: report.multi.value };
}

describe('paper preset planner', () => {
  it('matches ceil(P / target^2) on a grid', () => {
    for (const K of [1, 3, 5, 10, 15]) {
      for (const dSim of [0, 3, 5, 10]) {
        for (const target of [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 2]) {
          const plan = planSampleSize(gaussianPoint({ K, dSim }), target);
          const single = K * 10;
          const multi = K * (10 - dSim) + dSim;
          expect(plan.single, `K=${K} d=${dSim} t=${target} single`).toBe(orderLevelSampleSize(single, target));
          expect(plan.multi, `K=${K} d=${dSim} t=${target} multi`).toBe(orderLevelSampleSize(multi, target));
        }
      }
    }
  });

  it('hand-computed defaults', () => {
    // target 0.1: single 50 / 0.01 = 5000, multi 30 / 0.01 = 3000.
    const plan = planSampleSize(gaussianPoint(), 0.1);
    expect(plan.single).toBe(5000);
    expect(plan.multi).toBe(3000);
    expect(plan.preset).toBe('paper');
    expect(plan.derivation.result).toBe(3000);
  });

  it('target 1 below P gives n = 1 only when P <= 1', () => {
    // K = 1, D = 1: sqrt(1 / 1) = 1 <= 1 at n = 1.
    const plan = planSampleSize(gaussianPoint({ K: 1, D: 1, dSim: 0 }), 1);
    expect(plan.single).toBe(1);
  });
});

describe('mle_bracketing planner', () => {
  const point = gaussianPoint({ preset: 'mle_bracketing' });

  it('result meets the target and n - 1 does not', () => {
    for (const target of [2, 1, 0.5, 0.2]) {
      const plan = planSampleSize(point, target);
      for (const mode of ['single', 'multi'] as const) {
        const n = plan[mode]!;
        expect(explicitAt(point, n)[mode]).toBeLessThanOrEqual(target);
        expect(explicitAt(point, n - 1)[mode]).toBeGreaterThan(target);
      }
    }
  });

  it('agrees with a linear scan', () => {
    // Second method: the first n from 1 upward whose bound meets the target.
    const small = gaussianPoint({ preset: 'mle_bracketing', K: 2, D: 2, dSim: 1, B: 3, C: 1 });
    for (const target of [1.5, 1, 0.8]) {
      const plan = planSampleSize(small, target);
      for (const mode of ['single', 'multi'] as const) {
        let scanned = 1;
        while (explicitAt(small, scanned)[mode] > target) {
          scanned++;
        }
        expect(plan[mode], `${mode} at target ${target}`).toBe(scanned);
      }
    }
  });

  it('nonVacuousAt is the plan for target 1', () => {
    const report = explicitBound(point);
    const plan = planSampleSize(point, 1);
    expect(report.nonVacuousAt).toEqual({ single: plan.single, multi: plan.multi });
    expect(nonVacuousSampleSizes(point)).toEqual({ single: plan.single, multi: plan.multi });
    expect(report.nonVacuousAt!.multi).toBeLessThan(report.nonVacuousAt!.single);
  });

  it('unreachable target returns null', () => {
    // At n = 1e15 the single bound is about 3 sqrt((50 * 41 + 3) / 1e15) = 4.3e-6.
    const plan = planSampleSize(point, 1e-7);
    expect(plan.single).toBeNull();
    expect(plan.multi).toBeNull();
    expect(plan.derivation.steps.at(-1)?.note).toMatch(/No n up to 1e\+?15/);
  });

  it('invalid target reports why', () => {
    const plan = planSampleSize(point, 0);
    expect(plan.single).toBeNull();
    expect(plan.unavailable).toMatch(/target = 0 is invalid/);
  });

  it('paper plan of an explicit point on request', () => {
    const plan = planSampleSize(point, 0.1, 'paper');
    expect(plan.single).toBe(5000);
  });

  it('unavailable explicit bound has no plan', () => {
    const plan = planSampleSize(gaussianPoint({ preset: 'mle_bracketing', C: -1 }), 1);
    expect(plan.unavailable).toMatch(/C = -1 is invalid/);
    expect(tryExplicitBound(gaussianPoint({ C: -1 }))).toHaveProperty('unavailable');
  });
});

describe('integer search', () => {
  it('finds thresholds of a step function', () => {
    for (const threshold of [1, 2, 3, 17, 1024, 1025, 123456789, 2 ** 40 + 3]) {
      const result = smallestSampleSize((n) => (n >= threshold ? 0 : 1), 0.5);
      expect(result.n).toBe(threshold);
    }
  });

  it('stops at the limit', () => {
    expect(smallestSampleSize((n) => (n >= SAMPLE_SEARCH_LIMIT ? 0 : 1), 0.5).n).toBe(SAMPLE_SEARCH_LIMIT);
    expect(smallestSampleSize(() => 1, 0.5).n).toBeNull();
    expect(smallestSampleSize(() => Number.NaN, 0.5).n).toBeNull();
  });

  it('uses logarithmically many evaluations', () => {
    const result = smallestSampleSize((n) => 1 / Math.sqrt(n), 1e-6);
    expect(result.n).toBe(1e12);
    expect(result.evaluations).toBeLessThanOrEqual(2 * 41 + 2);
  });
});
