import { describe, expect, test } from 'vitest';

import { gaussianTotalVariation, simulateSeed, type SimulationMethod } from '../../server/src/core/simulation';
import type { SeedResult } from '../../server/src/core/simulation/types';
import { gaussianPoint } from './points';

const seeds = (count: number, start = 0): number[] => Array.from({ length: count }, (_, i) => start + i);

function meanAndSe(values: number[]): { mean: number; se: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return { mean, se: Math.sqrt(variance / values.length) };
}

function allNumbers(result: SeedResult): number[] {
  return [
    result.exact?.single,
    result.exact?.multi,
    result.monteCarlo?.single,
    result.monteCarlo?.multi,
    result.logLikelihoodGap.single,
    result.logLikelihoodGap.multi,
    result.clippedCoordinates,
  ].filter((value): value is number => value !== undefined);
}

/** Composite Simpson weight of node i out of 0..intervals: 1, 4, 2, 4, ..., 4, 1. */
function simpsonWeight(i: number, intervals: number): number {
  if (i === 0 || i === intervals) return 1;
  return i % 2 === 1 ? 4 : 2;
}

/** TV between N(0, 1) and N(t, 1) by Simpson integration of |phi(x) - phi(x - t)| / 2. */
function integratedTotalVariation(distance: number): number {
  const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const lower = -12;
  const upper = distance + 12;
  const intervals = 20_000;
  const step = (upper - lower) / intervals;
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const x = lower + i * step;
    sum += simpsonWeight(i, intervals) * Math.abs(phi(x) - phi(x - distance));
  }
  return (0.5 * sum * step) / 3;
}

describe('gaussianTotalVariation', () => {
  test('matches 2 Phi(t / 2) - 1 at tabulated values', () => {
    // 2 Phi(u) - 1 for u = 0.5, 1, 2, 3 (Abramowitz and Stegun, table 26.1, to 16 digits).
    expect(gaussianTotalVariation(0)).toBe(0);
    expect(gaussianTotalVariation(1)).toBeCloseTo(0.3829249225480262, 15);
    expect(gaussianTotalVariation(2)).toBeCloseTo(0.6826894921370859, 15);
    expect(gaussianTotalVariation(4)).toBeCloseTo(0.9544997361036416, 15);
    expect(gaussianTotalVariation(6)).toBeCloseTo(0.9973002039367398, 15);
  });

  test('matches numerical integration of the densities', () => {
    for (const distance of [0.05, 0.3, 1.7, 5]) {
      expect(gaussianTotalVariation(distance)).toBeCloseTo(integratedTotalVariation(distance), 10);
    }
  });
});

describe('simulateSeed', () => {
  test('same seed gives identical results', () => {
    for (const method of ['samples', 'sufficient'] as SimulationMethod[]) {
      const point = gaussianPoint();
      expect(simulateSeed(point, 2025, { method })).toEqual(simulateSeed(point, 2025, { method }));
    }
  });

  test('different seeds give different results', () => {
    const point = gaussianPoint();
    expect(simulateSeed(point, 3).exact?.single).not.toBe(simulateSeed(point, 33).exact?.single);
  });

  test('fills every field at the defaults', () => {
    const result = simulateSeed(gaussianPoint(), 3);
    expect(result.seed).toBe(3);
    expect(result.exact).toBeDefined();
    expect(result.monteCarlo).toBeDefined();
    expect(result.emptySources).toEqual([]);
    expect(result.clippedCoordinates).toBe(0);
  });

  test('zero test samples leave out Monte Carlo', () => {
    const result = simulateSeed(gaussianPoint({ testSamples: 0 }), 3);
    expect(result.monteCarlo).toBeUndefined();
    expect(result.exact).toBeDefined();
  });

  test('reports empty sources at n = 5, K = 15', () => {
    const point = gaussianPoint({ K: 15, n: 5 });
    for (const method of ['samples', 'sufficient'] as SimulationMethod[]) {
      for (const seed of seeds(50)) {
        const result = simulateSeed(point, seed, { method });
        expect(result.emptySources.length).toBeGreaterThanOrEqual(10);
        expect(result.emptySources).toEqual([...result.emptySources].sort((a, b) => a - b));
        for (const source of result.emptySources) {
          expect(Number.isInteger(source)).toBe(true);
          expect(source).toBeGreaterThanOrEqual(1);
          expect(source).toBeLessThanOrEqual(15);
        }
        for (const value of allNumbers(result)) expect(Number.isFinite(value)).toBe(true);
        expect(result.logLikelihoodGap.single).toBeGreaterThanOrEqual(0);
        expect(result.logLikelihoodGap.multi).toBeGreaterThanOrEqual(0);
      }
    }
  });

  test('empty sources take the centre of the box', () => {
    // With no samples at all, every mean is estimated by 0: Delta_k = -mu_k, ||Delta_k|| = k sqrt(D - d).
    const point = gaussianPoint({ K: 4, D: 6, sim: 0.5, perSource: 0, testSamples: 0 });
    const result = simulateSeed(point, 1);
    const expected = [1, 2, 3, 4].reduce((sum, k) => sum + gaussianTotalVariation(k * Math.sqrt(3)) / 4, 0);
    expect(result.emptySources).toEqual([1, 2, 3, 4]);
    expect(result.exact?.single).toBeCloseTo(expected, 14);
    expect(result.exact?.multi).toBeCloseTo(expected, 14);
    expect(result.logLikelihoodGap).toEqual({ single: 0, multi: 0 });
  });

  test('multi pools shared coordinates past an empty source', () => {
    // Source 2 is empty when it has weight 0; its shared coordinates still come from the pool, so
    // with every coordinate shared its multi error is the pooled error, below the single one.
    const point = gaussianPoint({ K: 2, D: 4, sim: 1, n: 400, weights: [1, 0], testSamples: 0 });
    const result = simulateSeed(point, 7);
    expect(result.emptySources).toEqual([2]);
    // Single: source 2 is estimated by 0 = its true mean (all coordinates shared), so only source 1 counts.
    // Multi: both sources use the pooled mean, which equals source 1's sample mean here.
    expect(result.exact?.multi).toBeCloseTo(result.exact?.single ?? Number.NaN, 14);
  });

  test('fixed per-source counts leave no source empty', () => {
    const result = simulateSeed(gaussianPoint({ K: 15, perSource: 1 }), 3);
    expect(result.emptySources).toEqual([]);
  });

  test('counts clipped coordinates when B is below the true means', () => {
    // B = 2.5 clips the specific coordinates of sources 3, 4 and 5 in both fits: 3 sources x 5 coordinates
    // x 2 fits. Source 2's sample means (standard deviation 0.1 around 2) stay below 2.5 at this seed.
    const result = simulateSeed(gaussianPoint({ meanBound: 2.5, testSamples: 0 }), 3);
    expect(result.clippedCoordinates).toBe(30);
    expect(result.logLikelihoodGap.single).toBeLessThan(0);
  });

  test('K = 1 and sim = 0 give multi equal to single', () => {
    for (const point of [gaussianPoint({ K: 1 }), gaussianPoint({ sim: 0 })]) {
      const result = simulateSeed(point, 520);
      expect(result.exact?.multi).toBe(result.exact?.single);
      expect(result.monteCarlo?.multi).toBe(result.monteCarlo?.single);
    }
  });

  test('rejects invalid points with the value and a fix', () => {
    expect(() => simulateSeed(gaussianPoint({ K: 0 }), 1)).toThrow(/Invalid number of sources K = 0 .*at least 1/);
    expect(() => simulateSeed(gaussianPoint({ weights: [0.5, 0.5] }), 1)).toThrow(/2 weights for K = 5 sources/);
    expect(() => simulateSeed(gaussianPoint({ weights: [0.5, 0.5, 0.5, 0.5, 0.5] }), 1)).toThrow(/sum to 2.5/);
    expect(() => simulateSeed(gaussianPoint({ meanBound: 0 }), 1)).toThrow(/Invalid mean bound B = 0/);
    expect(() => simulateSeed(gaussianPoint({ n: 10.5 }), 1)).toThrow(/Invalid total sample size n = 10.5/);
    expect(() => simulateSeed(gaussianPoint({ testSamples: -1 }), 1)).toThrow(/Invalid number of test samples -1/);
    const point = gaussianPoint();
    const tooManyShared = { ...point, model: { modelClass: 'gaussian' as const, dim: 10, shared: 11, meanBound: 15 } };
    expect(() => simulateSeed(tooManyShared, 1)).toThrow(/d_sim = 11 .*from 0 to D = 10/);
    const energy = { ...point, model: { modelClass: 'energy' as const, settings: {} } };
    expect(() => simulateSeed(energy, 1)).toThrow(/Invalid model class 'energy'/);
    expect(() => simulateSeed(point, 1, { method: 'exact' as SimulationMethod })).toThrow(/Invalid simulation method 'exact'/);
  });
});

describe('statistical agreement', () => {
  const point = gaussianPoint();
  const count = 1000;
  const bySamples = seeds(count).map((seed) => simulateSeed(point, seed, { method: 'samples' }));
  const bySufficient = seeds(count, 100_000).map((seed) => simulateSeed(point, seed, { method: 'sufficient' }));

  const pick: Record<string, (result: SeedResult) => number> = {
    'exact single': (result) => result.exact?.single ?? Number.NaN,
    'exact multi': (result) => result.exact?.multi ?? Number.NaN,
    'Monte Carlo single': (result) => result.monteCarlo?.single ?? Number.NaN,
    'Monte Carlo multi': (result) => result.monteCarlo?.multi ?? Number.NaN,
    'gap single': (result) => result.logLikelihoodGap.single,
    'gap multi': (result) => result.logLikelihoodGap.multi,
  };

  test.each(Object.keys(pick))('samples and sufficient agree on %s', (name) => {
    const a = meanAndSe(bySamples.map(pick[name]));
    const b = meanAndSe(bySufficient.map(pick[name]));
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.hypot(a.se, b.se));
  });

  test.each(['samples', 'sufficient'])('%s gaps match the chi-square means', (method) => {
    // Without empty sources or clipping, gap = (1/2) chi2 with as many degrees of freedom as
    // parameters: K D = 50 single, K (D - d) + d = 30 multi.
    const results = method === 'samples' ? bySamples : bySufficient;
    const single = meanAndSe(results.map(pick['gap single']));
    const multi = meanAndSe(results.map(pick['gap multi']));
    expect(Math.abs(single.mean - 25)).toBeLessThan(4 * single.se);
    expect(Math.abs(multi.mean - 15)).toBeLessThan(4 * multi.se);
  });

  test.each(['samples', 'sufficient'])('%s Monte Carlo matches exact', (method) => {
    const results = method === 'samples' ? bySamples : bySufficient;
    for (const mode of ['single', 'multi'] as const) {
      const differences = results.map((result) => (result.monteCarlo?.[mode] ?? Number.NaN) - (result.exact?.[mode] ?? Number.NaN));
      const { mean, se } = meanAndSe(differences);
      expect(Math.abs(mean)).toBeLessThan(4 * se);
    }
  });
});
