import { describe, expect, test } from 'vitest';

import type { ExperimentAnalysis } from '../../server/src/core/analysis';
import type { Experiment, ResolvedPoint } from '../../server/src/core/semantics/model';
import { runCheck, simulateSeed, summarizePoint, sweepVerdicts } from '../../server/src/core/simulation';
import type { PointCheck, SeedResult, Verdict } from '../../server/src/core/simulation/types';
import { explicitBound } from '../../server/src/core/theory';
import { gaussianPoint } from './points';

const span = { start: 0, end: 0 };

function experimentAnalysis(name: string, points: ResolvedPoint[]): ExperimentAnalysis {
  const experiment: Experiment = {
    name,
    nameSpan: span,
    span,
    boundSettings: {},
    lets: {},
    claims: [],
    sweeps: [],
    check: { extra: {} },
  };
  return { experiment, points: points.map((point) => ({ point })), claims: [] };
}

function seedResult(seed: number, single: number, multi: number, gaps = { single: 1, multi: 1 }): SeedResult {
  return { seed, exact: { single, multi }, emptySources: [], clippedCoordinates: 0, logLikelihoodGap: gaps };
}

function verdictOf(verdicts: Verdict[], name: Verdict['name']): Verdict {
  const found = verdicts.find((verdict) => verdict.name === name);
  if (!found) throw new Error(`no ${name} verdict in ${JSON.stringify(verdicts)}`);
  return found;
}

describe('point verdicts', () => {
  test('pass at the defaults over the paper seeds', () => {
    const point = gaussianPoint();
    const check = summarizePoint(point, point.check.seeds.map((seed) => simulateSeed(point, seed)));
    expect(check.verdicts.map((verdict) => verdict.name)).toEqual(['premise', 'bound_holds', 'ordering', 'ratio']);
    for (const verdict of check.verdicts) expect(verdict.status, verdict.message).toBe('pass');
    expect(check.empirical.single.count).toBe(5);
    expect(check.exact?.multi.count).toBe(5);
  });

  test('empirical summary uses Monte Carlo and exact summary the closed form', () => {
    const point = gaussianPoint();
    const seeds = [1, 2, 3].map((seed) => simulateSeed(point, seed));
    const check = summarizePoint(point, seeds);
    const monteCarloMean = seeds.reduce((sum, seed) => sum + (seed.monteCarlo?.single ?? 0), 0) / 3;
    const exactMean = seeds.reduce((sum, seed) => sum + (seed.exact?.single ?? 0), 0) / 3;
    expect(check.empirical.single.mean).toBeCloseTo(monteCarloMean, 15);
    expect(check.exact?.single.mean).toBeCloseTo(exactMean, 15);
  });

  test('premise fails when clipping excludes the truth', () => {
    const point = gaussianPoint({ meanBound: 2.5 });
    const check = summarizePoint(point, [1, 2, 3].map((seed) => simulateSeed(point, seed)));
    const premise = verdictOf(check.verdicts, 'premise');
    expect(premise.status).toBe('fail');
    expect(premise.values.failingSeedsSingle).toBe(3);
    expect(premise.message).toMatch(/raise the mean bound B/);
  });

  test('bound fails when the explicit bound is below R', () => {
    // C = 0.01 scales the explicit bound far below the seeds' R (about 0.12).
    const point = gaussianPoint({ C: 0.01 });
    const bound = explicitBound(point);
    const check = summarizePoint(point, [1, 2, 3].map((seed) => simulateSeed(point, seed)));
    const verdict = verdictOf(check.verdicts, 'bound_holds');
    expect(bound.single.value).toBeLessThan(0.12);
    expect(verdict.status).toBe('fail');
    expect(verdict.values.boundSingle).toBe(bound.single.value);
    expect(verdict.values.shareSingle).toBe(0);
  });

  test('bound holds at the required share only', () => {
    // With delta = 0.3, 7 of 10 seeds below the bound pass and 6 of 10 fail.
    const point = gaussianPoint({ delta: 0.3 });
    const bound = explicitBound(point).single.value;
    const seeds = (holding: number): SeedResult[] =>
      Array.from({ length: 10 }, (_, i) => seedResult(i, i < holding ? bound / 2 : bound * 2, 0));
    expect(verdictOf(summarizePoint(point, seeds(7)).verdicts, 'bound_holds').status).toBe('pass');
    expect(verdictOf(summarizePoint(point, seeds(6)).verdicts, 'bound_holds').status).toBe('fail');
  });

  test('ordering follows the paired interval', () => {
    const point = gaussianPoint();
    const below = [0.1, 0.12, 0.11, 0.13].map((single, i) => seedResult(i, single, single - 0.02 - 0.001 * i));
    const above = [0.1, 0.12, 0.11, 0.13].map((single, i) => seedResult(i, single, single + 0.02 + 0.001 * i));
    const mixed = [0.1, 0.12, 0.11, 0.13].map((single, i) => seedResult(i, single, single + (i % 2 === 0 ? 0.02 : -0.021)));
    expect(verdictOf(summarizePoint(point, below).verdicts, 'ordering').status).toBe('pass');
    expect(verdictOf(summarizePoint(point, above).verdicts, 'ordering').status).toBe('fail');
    expect(verdictOf(summarizePoint(point, mixed).verdicts, 'ordering').status).toBe('inconclusive');
    expect(verdictOf(summarizePoint(point, below.slice(0, 1)).verdicts, 'ordering').status).toBe('inconclusive');
  });

  test('ordering interval uses Student t', () => {
    // Differences 1, 2, 3: mean 2, se 1 / sqrt(3), t(0.975, 2) = 4.302652729749464.
    const seeds = [1, 2, 3].map((difference, i) => seedResult(i, 10, 10 - difference));
    const verdict = verdictOf(summarizePoint(gaussianPoint(), seeds).verdicts, 'ordering');
    expect(verdict.values.lower).toBeCloseTo(2 - 4.302652729749464 / Math.sqrt(3), 12);
    expect(verdict.values.upper).toBeCloseTo(2 + 4.302652729749464 / Math.sqrt(3), 12);
  });

  test('equal classes pass ordering and ratio', () => {
    for (const point of [gaussianPoint({ K: 1 }), gaussianPoint({ sim: 0 })]) {
      const check = summarizePoint(point, [3].map((seed) => simulateSeed(point, seed)));
      expect(verdictOf(check.verdicts, 'ordering').status).toBe('pass');
      expect(verdictOf(check.verdicts, 'ordering').message).toMatch(/coincide/);
      expect(verdictOf(check.verdicts, 'ratio').status).toBe('pass');
    }
  });

  test('ratio fails far from the identity', () => {
    // Identity at the defaults: sqrt(1 - 4 * 0.5 / 5) = 0.7746; multi / single = 0.5 here.
    const seeds = [0.1, 0.12, 0.11, 0.13, 0.1].map((single, i) => seedResult(i, single, single / 2));
    const verdict = verdictOf(summarizePoint(gaussianPoint(), seeds).verdicts, 'ratio');
    expect(verdict.values.identity).toBeCloseTo(Math.sqrt(0.6), 14);
    expect(verdict.values.ratio).toBeCloseTo(0.5, 14);
    expect(verdict.status).toBe('fail');
  });

  test('no seeds give inconclusive verdicts and no NaN', () => {
    const check = summarizePoint(gaussianPoint(), []);
    for (const verdict of check.verdicts) expect(verdict.status).toBe('inconclusive');
    expect(check.empirical.single).toEqual({ mean: 0, se: 0, count: 0 });
    expect(check.exact).toBeUndefined();
  });
});

/** Builds a point check whose primary means follow R = scale n^slope with 5% standard errors. */
function syntheticCheck(n: number, slope: number, scale = 3): { point: ResolvedPoint; check: PointCheck } {
  const point = gaussianPoint({ n, sweepValues: { n } });
  const mean = scale * n ** slope;
  const summary = { mean, se: 0.05 * mean, count: 5 };
  return {
    point,
    check: { sweepValues: { n }, seeds: [seedResult(0, mean, mean)], empirical: { single: summary, multi: summary }, verdicts: [] },
  };
}

describe('sweep verdicts', () => {
  const sampleSizes = [100, 300, 500, 1000, 5000];

  test('rate and shape pass over the n sweep', () => {
    const points = sampleSizes.map((n) => gaussianPoint({ n, sweepValues: { n } }));
    const check = runCheck(experimentAnalysis('n_sweep', points), { seeds: Array.from({ length: 200 }, (_, i) => i) });
    const rate = verdictOf(check.verdicts, 'rate');
    expect(rate.status, rate.message).toBe('pass');
    expect(Math.abs(rate.values.slope_single + 0.5)).toBeLessThan(0.05);
    expect(verdictOf(check.verdicts, 'shape').status).toBe('pass');
  });

  test('rate fails at slope -0.3', () => {
    const verdicts = sweepVerdicts(sampleSizes.map((n) => syntheticCheck(n, -0.3)));
    const rate = verdictOf(verdicts, 'rate');
    expect(rate.values.slope_single).toBeCloseTo(-0.3, 10);
    expect(rate.status).toBe('fail');
  });

  test('rate is inconclusive with one seed per point', () => {
    const entries = sampleSizes.map((n) => syntheticCheck(n, -0.5));
    for (const entry of entries) entry.check.empirical.single = { ...entry.check.empirical.single, se: 0, count: 1 };
    expect(verdictOf(sweepVerdicts(entries), 'rate').status).toBe('inconclusive');
  });

  test('points with the same simulation count once', () => {
    // Three n values, each repeated under four values of delta, which the simulation ignores.
    const entries = [100, 300, 1000].flatMap((n) =>
      [0.05, 0.1, 0.2, 0.3].map((delta) => {
        const entry = syntheticCheck(n, -0.5);
        entry.point = { ...entry.point, delta, sweepValues: { n, delta } };
        return entry;
      }),
    );
    const once = sweepVerdicts([100, 300, 1000].map((n) => syntheticCheck(n, -0.5)));
    const repeated = sweepVerdicts(entries);
    expect(verdictOf(repeated, 'rate').values).toEqual(verdictOf(once, 'rate').values);
    expect(verdictOf(repeated, 'shape').values.points).toBe(3);
  });

  test('sweep verdicts use the exact R when present', () => {
    const entries = sampleSizes.map((n) => {
      const entry = syntheticCheck(n, -0.3);
      const exact = { mean: 3 * n ** -0.5, se: 0.05 * 3 * n ** -0.5, count: 5 };
      entry.check.exact = { single: exact, multi: exact };
      return entry;
    });
    const rate = verdictOf(sweepVerdicts(entries), 'rate');
    expect(rate.values.slope_single).toBeCloseTo(-0.5, 10);
    expect(rate.status).toBe('pass');
  });

  test('no rate verdict without three sample sizes', () => {
    const verdicts = sweepVerdicts([100, 300].map((n) => syntheticCheck(n, -0.5)));
    expect(verdicts.some((verdict) => verdict.name === 'rate')).toBe(false);
  });

  test('shape fails when R is not proportional to the bound', () => {
    // Bound ~ n^(-1/2) while R ~ n^(-1): R / bound varies by far more than the 5% noise.
    const shape = verdictOf(sweepVerdicts(sampleSizes.map((n) => syntheticCheck(n, -1, 30))), 'shape');
    expect(shape.values.variation_single).toBeGreaterThan(0.5);
    expect(shape.status).toBe('fail');
  });

  test('shape is exact for R proportional to the bound', () => {
    // The order-level bound at n is sqrt(P / n), so R = 0.4 sqrt(50 / n) gives variation 0 and R^2 = 1.
    const shape = verdictOf(sweepVerdicts(sampleSizes.map((n) => syntheticCheck(n, -0.5, 0.4 * Math.sqrt(50)))), 'shape');
    expect(shape.values.variation_single).toBeLessThan(1e-12);
    expect(shape.values.rSquared_single).toBeCloseTo(1, 12);
    expect(shape.values.scale_single).toBeCloseTo(0.4, 12);
  });
});

describe('runCheck', () => {
  const points = [100, 500].map((n) => gaussianPoint({ n, sweepValues: { n } }));

  test('runs every seed and reports progress', () => {
    const progress: [number, number][] = [];
    const check = runCheck(experimentAnalysis('small', points), { onProgress: (done, total) => progress.push([done, total]) });
    expect(check.experiment).toBe('small');
    expect(check.partial).toBe(false);
    expect(check.points).toHaveLength(2);
    expect(check.points[1].sweepValues).toEqual({ n: 500 });
    expect(progress).toHaveLength(10);
    expect(progress[9]).toEqual([10, 10]);
    expect(check.points[0].seeds.map((seed) => seed.seed)).toEqual([3, 33, 520, 2025, 25731]);
  });

  test('matches simulateSeed seed by seed', () => {
    const check = runCheck(experimentAnalysis('small', points), { seeds: [7] });
    expect(check.points[0].seeds[0]).toEqual(simulateSeed(points[0], 7));
  });

  test('stops early with partial results', () => {
    let calls = 0;
    const check = runCheck(experimentAnalysis('small', points), { shouldStop: () => ++calls > 7 });
    expect(check.partial).toBe(true);
    expect(check.points.map((point) => point.seeds.length)).toEqual([5, 2]);
  });

  test('rejects non-Gaussian and empty experiments', () => {
    const energy = { ...points[0], model: { modelClass: 'energy' as const, settings: {} } };
    expect(() => runCheck(experimentAnalysis('deep', [energy]))).toThrow(/model class 'energy'.*check runner/);
    expect(() => runCheck(experimentAnalysis('empty', []))).toThrow(/no valid configuration/);
  });
});
