/**
 * Bounds against values computed by hand, with the arithmetic in comments,
 * and against a second evaluation of each formula in a different form.
 */
import { describe, expect, it } from 'vitest';
import {
  computeBounds,
  explicitBound,
  gaussianBracketHalfWidth,
  isUnavailable,
  lipschitzLogBracketingNumber,
  orderBound,
  provedConstant,
  theoremGBound,
} from '../../server/src/core/theory';
import { gaussianPoint } from './points';

describe('parameter counts', () => {
  it('Gaussian defaults', () => {
    // P = D = 10, P_s = d_sim = 5, beta_sim = 0.5,
    // P_single = 5 * 10 = 50, P_multi = 5 * (10 - 5) + 5 = 30.
    const { counts } = orderBound(gaussianPoint());
    expect(counts).toEqual({ perSource: 10, shared: 5, betaSim: 0.5, single: 50, multi: 30 });
  });

  it('K = 15, d_sim = 7', () => {
    // P_single = 15 * 10 = 150, P_multi = 15 * 3 + 7 = 52, beta_sim = 0.7.
    const { counts } = orderBound(gaussianPoint({ K: 15, dSim: 7 }));
    expect(counts.single).toBe(150);
    expect(counts.multi).toBe(52);
    expect(counts.betaSim).toBeCloseTo(0.7, 15);
  });
});

describe('explicit bound at the defaults', () => {
  // K = 5, D = 10, d_sim = 5, n = 500, B = 6, delta = 0.05, C = 3.
  // eps = 1/500 = 0.002.
  // (1.002)^(1/10) = exp(0.1 * ln 1.002) = exp(0.1 * 0.0019980027) = 1.00019982...
  // h = 1.2533141 * 0.00019982 = 0.00025044, so B / h = 6 / 0.00025044 = 23958.x
  // and ceil(B / h) = 23959, log 23959 = 10.08409.
  // single: log N = 50 * 10.08409 = 504.2047; + log 20 = 2.995732 gives 507.2004;
  //         / 500 = 1.014401; sqrt = 1.007174; * 3 = 3.02152.
  // multi:  log N = 30 * 10.08409 = 302.5228; + 2.995732 = 305.5185;
  //         / 500 = 0.611037; sqrt = 0.781688; * 3 = 2.34507.
  const report = explicitBound(gaussianPoint({ preset: 'mle_bracketing' }));

  it('half-width h', () => {
    const direct = (Math.sqrt(2 * Math.PI) / 2) * (Math.pow(1.002, 0.1) - 1);
    expect(gaussianBracketHalfWidth(0.002, 10)).toBeCloseTo(direct, 15);
    expect(gaussianBracketHalfWidth(0.002, 10)).toBeCloseTo(0.00025044, 8);
    expect(Math.ceil(6 / gaussianBracketHalfWidth(0.002, 10))).toBe(23959);
  });

  it('single and multi values', () => {
    const logCells = Math.log(23959);
    expect(report.single.value).toBeCloseTo(3 * Math.sqrt((50 * logCells + Math.log(20)) / 500), 12);
    expect(report.multi.value).toBeCloseTo(3 * Math.sqrt((30 * logCells + Math.log(20)) / 500), 12);
    expect(report.single.value).toBeCloseTo(3.02152, 5);
    expect(report.multi.value).toBeCloseTo(2.34507, 5);
  });

  it('both bounds vacuous', () => {
    expect(report.single.vacuous).toBe(true);
    expect(report.multi.vacuous).toBe(true);
    expect(report.single.derivation.steps.at(-1)?.note).toMatch(/Vacuous/);
  });

  it('derivation result equals the value', () => {
    expect(report.single.derivation.result).toBe(report.single.value);
    expect(report.multi.derivation.steps.map((step) => step.rule.name)).toEqual([
      'Parameter count',
      'Parameter count',
      'Similarity',
      'Parameter count',
      'Bracketing radius',
      'Lemma B',
      'Lemma B',
      'Theorem G',
    ]);
  });
});

describe('Theorem G', () => {
  it('log N = 0', () => {
    // C sqrt(log(1/delta) / n) = 2 * sqrt(log(100) / 100) = 2 * sqrt(0.0460517) = 0.429193.
    expect(theoremGBound({ C: 2, logBracketing: 0, delta: 0.01, n: 100 })).toBeCloseTo(0.429193, 6);
  });

  it('large n meets a small bound', () => {
    // 3 * sqrt((100 + log 20) / 1e6) = 3 * sqrt(1.0299573e-4) = 3 * 0.010148681 = 0.030446.
    expect(theoremGBound({ C: 3, logBracketing: 100, delta: 0.05, n: 1e6 })).toBeCloseTo(0.030446, 6);
  });
});

describe('proved constant of Theorem G', () => {
  it('C = 3 covers a >= 4 sqrt(2)', () => {
    // 2 sqrt(2) sqrt(1 + 1 / (sqrt(2) a)) = 3 when 8 (1 + 1 / (sqrt(2) a)) = 9, i.e. a = 8 / sqrt(2) = 5.65685.
    expect(provedConstant(4 * Math.SQRT2, 0.999999999999)).toBeCloseTo(3, 9);
    expect(provedConstant(1e9, 0.5)).toBeCloseTo(2 * Math.SQRT2, 8);
  });

  it('small C is flagged in the derivation', () => {
    const low = explicitBound(gaussianPoint({ preset: 'mle_bracketing', C: 1, n: 1e6 }));
    expect(low.single.derivation.steps.at(-1)?.note).toMatch(/C = 1 is below the constant 2\.83/);
    const standard = explicitBound(gaussianPoint({ preset: 'mle_bracketing', n: 1e6 }));
    expect(standard.single.derivation.steps.at(-1)?.note).toBeUndefined();
  });
});

describe('Lemma A', () => {
  it('hand-computed log N', () => {
    // B = 1, L = 2, eps = 0.5: log(1.5) = 0.4054651, B L / log(1 + eps) = 4.932606,
    // ceil = 5, log N = 3 log 5 = 4.828314.
    const { value, steps } = lipschitzLogBracketingNumber({ parameterBound: 1, lipschitz: 2, epsilon: 0.5, parameters: 3 });
    expect(value).toBeCloseTo(3 * Math.log(5), 14);
    expect(steps[0].value).toBeCloseTo(Math.log(1.5) / 2, 15);
  });

  it('B L = 0 gives one bracket', () => {
    expect(lipschitzLogBracketingNumber({ parameterBound: 1, lipschitz: 0, epsilon: 0.1, parameters: 7 }).value).toBe(0);
  });
});

describe('unavailable points', () => {
  it('invalid d_sim', () => {
    const result = computeBounds(gaussianPoint({ dSim: 11 }));
    expect(isUnavailable(result)).toBe(true);
    expect((result as { unavailable: string }).unavailable).toMatch(/d_sim = 11 is invalid/);
  });

  it('invalid delta for the explicit preset only', () => {
    const point = gaussianPoint({ delta: 1, preset: 'mle_bracketing' });
    expect((computeBounds(point) as { unavailable: string }).unavailable).toMatch(/delta = 1 is invalid/);
    expect(isUnavailable(computeBounds({ ...point, preset: 'paper' }))).toBe(false);
  });

  it('explicitBound throws with the reason', () => {
    expect(() => explicitBound(gaussianPoint({ K: 0 }))).toThrow(/K = 0 is invalid/);
  });

  it('unregistered model class', () => {
    const point = { ...gaussianPoint(), model: { modelClass: 'mystery' as never, settings: {} } };
    expect((computeBounds(point) as { unavailable: string }).unavailable).toMatch(/not registered/);
  });
});
