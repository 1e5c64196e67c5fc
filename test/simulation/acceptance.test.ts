/**
 * Acceptance of the simulation against independent expectations. The
 * points are the 15 points of the three sweeps of Wang et al.
 * (arXiv:2502.14583). At each, the means over 2000 seeds of the exact and
 * Monte Carlo R must lie within 4 standard errors of the expectation
 * computed by quadrature (test/simulation/expectation.ts). The expectation
 * must also be near the published 5-seed means.
 */
import { describe, expect, test } from 'vitest';

import { simulateSeed } from '../../server/src/core/simulation';
import { expectedRisk } from './expectation';
import { figureOnePoints } from './points';

const SEED_COUNT = 2000;

/**
 * Published empirical seed means (5 seeds, 500 test pairs) of Wang et al.,
 * ICML 2025, arXiv:2502.14583, for the K, n and sim sweeps.
 */
const PUBLISHED: Record<'K' | 'n' | 'sim', Record<number, { single: number; multi: number }>> = {
  K: {
    1: { single: 0.052748361974954604, multi: 0.052748361974954604 },
    3: { single: 0.0926000252366066, multi: 0.07200785800814628 },
    5: { single: 0.12397008836269378, multi: 0.0962450385093689 },
    10: { single: 0.1749919205904007, multi: 0.12871579825878143 },
    15: { single: 0.2098243921995163, multi: 0.15441174805164337 },
  },
  n: {
    100: { single: 0.2787450134754181, multi: 0.2037477523088455 },
    300: { single: 0.17027198970317842, multi: 0.12854499667882918 },
    500: { single: 0.12397008836269378, multi: 0.0962450385093689 },
    1000: { single: 0.0914728194475174, multi: 0.07175437062978744 },
    5000: { single: 0.038494200259447095, multi: 0.029033353552222252 },
  },
  sim: {
    0: { single: 0.12397008985280991, multi: 0.12397008985280991 },
    0.3: { single: 0.12397010624408722, multi: 0.10675685405731201 },
    0.5: { single: 0.12397008836269378, multi: 0.0962450385093689 },
    0.7: { single: 0.12397008985280991, multi: 0.08130722045898438 },
    1: { single: 0.12397008389234543, multi: 0.04897033721208573 },
  },
};

/**
 * Five seeds leave the published means with a relative sampling error of
 * roughly 5 to 10% (the seed-to-seed spread of R is about 20% of its mean
 * at these points), so they are compared loosely: within 20% of the expectation.
 */
const PUBLISHED_TOLERANCE = 0.2;

function meanAndSe(values: number[]): { mean: number; se: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return { mean, se: Math.sqrt(variance / values.length) };
}

describe.each(figureOnePoints())('sweep $sweep = $value', ({ sweep, value, point }) => {
  const expected = expectedRisk(point);
  const results = Array.from({ length: SEED_COUNT }, (_, seed) => simulateSeed(point, seed));

  test.each(['single', 'multi'] as const)('%s seed means match the expectation', (mode) => {
    const exact = meanAndSe(results.map((result) => result.exact?.[mode] ?? Number.NaN));
    const monteCarlo = meanAndSe(results.map((result) => result.monteCarlo?.[mode] ?? Number.NaN));
    expect(Math.abs(exact.mean - expected[mode])).toBeLessThan(4 * exact.se);
    expect(Math.abs(monteCarlo.mean - expected[mode])).toBeLessThan(4 * monteCarlo.se);
  });

  test.each(['single', 'multi'] as const)('%s expectation is near the published mean', (mode) => {
    const published = PUBLISHED[sweep][value][mode];
    expect(Math.abs(published - expected[mode]) / expected[mode]).toBeLessThan(PUBLISHED_TOLERANCE);
  });

  test('no clipping or empty source', () => {
    expect(results.every((result) => result.clippedCoordinates === 0 && result.emptySources.length === 0)).toBe(true);
  });
});
