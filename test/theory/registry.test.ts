/**
 * The model-class registry: a class registered at run time gets bounds,
 * plans and claims through the generic path (Lemma A, no fast value
 * method), and the Gaussian fast path agrees with its derivation.
 */
import { describe, expect, it } from 'vitest';
import type { ModelClass, ResolvedPoint } from '../../server/src/core/semantics/model';
import {
  computeBounds,
  explicitBound,
  lipschitzLogBracketingNumber,
  modelClassTheory,
  planSampleSize,
  registerModelClassTheory,
  type ModelClassTheory,
} from '../../server/src/core/theory';
import { gaussianPoint } from './points';

const TOY = 'toy' as ModelClass;

/** A class of P = 4 parameters in [-1, 1], 2 of them shared, with L = 3 (Lemma A). */
const toyTheory: ModelClassTheory = {
  modelClass: TOY,
  parameterCounts: () => ({ perSource: 4, shared: 2, steps: [] }),
  logBracketingNumber: (_point, epsilon, mode, counts) =>
    lipschitzLogBracketingNumber({ parameterBound: 1, lipschitz: 3, epsilon, parameters: mode === 'single' ? counts.single : counts.multi }),
};

function toyPoint(n: number): ResolvedPoint {
  return { ...gaussianPoint({ K: 3, n, preset: 'mle_bracketing' }), model: { modelClass: TOY, settings: {} } as ResolvedPoint['model'] };
}

describe('registered class', () => {
  registerModelClassTheory(toyTheory);

  it('is found by model class', () => {
    expect(modelClassTheory(TOY)).toBe(toyTheory);
  });

  it('explicit bound from Lemma A', () => {
    // P_single = 12, P_multi = 3 * 2 + 2 = 8; eps = 1/1000: log(1.001) = 9.995e-4,
    // 1 * 3 / 9.995e-4 = 3001.5, ceil = 3002.
    const report = explicitBound(toyPoint(1000));
    const logCells = Math.log(Math.ceil(3 / Math.log1p(1e-3)));
    expect(Math.ceil(3 / Math.log1p(1e-3))).toBe(3002);
    expect(report.single.value).toBeCloseTo(3 * Math.sqrt((12 * logCells - Math.log(0.05)) / 1000), 12);
    expect(report.multi.value).toBeCloseTo(3 * Math.sqrt((8 * logCells - Math.log(0.05)) / 1000), 12);
  });

  it('plan through the generic path', () => {
    const plan = planSampleSize(toyPoint(1000), 0.5);
    expect(explicitBound(toyPoint(plan.single!)).single.value).toBeLessThanOrEqual(0.5);
    expect(explicitBound(toyPoint(plan.single! - 1)).single.value).toBeGreaterThan(0.5);
    expect(computeBounds(toyPoint(1000))).toHaveProperty('nonVacuousAt');
  });
});

describe('Gaussian fast path', () => {
  it('matches the derivation value', () => {
    const theory = modelClassTheory('gaussian')!;
    for (const n of [1, 7, 500, 1e6, 1e12]) {
      for (const mode of ['single', 'multi'] as const) {
        const point = gaussianPoint({ n, preset: 'mle_bracketing' });
        const counts = { perSource: 10, shared: 5, single: 50, multi: 30 };
        const derived = theory.logBracketingNumber(point, 1 / n, mode, counts);
        expect(theory.logBracketingValue!(point, 1 / n, mode, counts)).toBe((derived as { value: number }).value);
      }
    }
  });
});
