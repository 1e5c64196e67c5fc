/**
 * Lemma B checked numerically: the bracket of the proof, built on the grid
 * of cube centres, lies above every density of its cube on a fine grid of
 * x, and its excess mass, integrated by the trapezoidal rule, is eps.
 */
import { describe, expect, it } from 'vitest';
import { gaussianBracketHalfWidth, gaussianLogBracketingNumber } from '../../server/src/core/theory';

const PHI_ZERO = 1 / Math.sqrt(2 * Math.PI);

function standardNormalDensity(z: number): number {
  return PHI_ZERO * Math.exp(-0.5 * z * z);
}

/** One-dimensional bracket: sup over |mu - c| <= h of phi(x - mu). */
function bracket1d(x: number, centre: number, h: number): number {
  const distance = Math.abs(x - centre);
  return distance <= h ? PHI_ZERO : standardNormalDensity(distance - h);
}

/** Centres -B + (2j - 1) h, j = 1..M, with M = ceil(B / h); they cover [-B, B] with half-width h. */
function centres(B: number, h: number): number[] {
  const count = Math.ceil(B / h);
  return Array.from({ length: count }, (_, j) => -B + (2 * j + 1) * h);
}

function nearestCentre(grid: number[], mu: number): number {
  return grid.reduce((best, c) => (Math.abs(c - mu) < Math.abs(best - mu) ? c : best));
}

/** Deterministic pseudo-random numbers in [0, 1) (Park-Miller), so failures reproduce. */
function uniformSequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

function trapezoid(values: number[], step: number): number {
  let sum = 0;
  for (let i = 1; i < values.length; i++) {
    sum += (values[i - 1] + values[i]) / 2;
  }
  return sum * step;
}

describe('Lemma B in one dimension', () => {
  const B = 2;
  const eps = 0.05;
  const h = gaussianBracketHalfWidth(eps, 1);
  const grid = centres(B, h);
  const step = 1e-3;
  const xs = Array.from({ length: Math.round((2 * B + 16) / step) + 1 }, (_, i) => -B - 8 + i * step);
  const random = uniformSequence(12345);

  it('cover size matches the lemma', () => {
    // d = 1: h = sqrt(2 pi) / 2 * eps = 0.0626657, ceil(2 / h) = ceil(31.915) = 32.
    expect(grid.length).toBe(32);
    expect(gaussianLogBracketingNumber({ epsilon: eps, dimension: 1, meanBound: B, coordinates: 1 }).value).toBeCloseTo(Math.log(32), 14);
  });

  it('bracket covers and has excess mass eps', () => {
    for (let trial = 0; trial < 25; trial++) {
      const mu = -B + 2 * B * random();
      const c = nearestCentre(grid, mu);
      expect(Math.abs(c - mu)).toBeLessThanOrEqual(h * (1 + 1e-12));

      const upper = xs.map((x) => bracket1d(x, c, h));
      const density = xs.map((x) => standardNormalDensity(x - mu));
      const smallestGap = Math.min(...upper.map((u, i) => u - density[i]));
      expect(smallestGap).toBeGreaterThanOrEqual(-1e-15);

      const excess = trapezoid(upper.map((u, i) => u - density[i]), step);
      expect(trapezoid(density, step)).toBeCloseTo(1, 6);
      expect(excess).toBeLessThanOrEqual(eps + 1e-6);
      expect(excess).toBeGreaterThan(eps - 1e-4);
    }
  });
});

describe('Lemma B in two dimensions', () => {
  const B = 1.5;
  const eps = 0.1;
  const h = gaussianBracketHalfWidth(eps, 2);
  const grid = centres(B, h);
  const step = 0.02;
  const axis = Array.from({ length: Math.round((2 * B + 14) / step) + 1 }, (_, i) => -B - 7 + i * step);
  const random = uniformSequence(777);

  it('h makes the product bracket integrate to 1 + eps', () => {
    // (1 + 2 h phi(0))^2 = 1 + eps by the choice of h.
    expect((1 + 2 * h * PHI_ZERO) ** 2).toBeCloseTo(1 + eps, 14);
  });

  it('bracket covers and has excess mass eps', () => {
    for (let trial = 0; trial < 4; trial++) {
      const mu = [-B + 2 * B * random(), -B + 2 * B * random()];
      const c = mu.map((m) => nearestCentre(grid, m));

      // 2-D trapezoid: integrate each row over x2, then the row integrals over x1.
      const rowExcess: number[] = [];
      const rowMass: number[] = [];
      for (const x1 of axis) {
        const u1 = bracket1d(x1, c[0], h);
        const p1 = standardNormalDensity(x1 - mu[0]);
        const excess: number[] = [];
        const mass: number[] = [];
        for (const x2 of axis) {
          const u = u1 * bracket1d(x2, c[1], h);
          const p = p1 * standardNormalDensity(x2 - mu[1]);
          if (u < p - 1e-15) {
            throw new Error(`u < p at (${x1}, ${x2}) for mu = ${mu}`);
          }
          excess.push(u - p);
          mass.push(p);
        }
        rowExcess.push(trapezoid(excess, step));
        rowMass.push(trapezoid(mass, step));
      }

      expect(trapezoid(rowMass, step)).toBeCloseTo(1, 4);
      const excess = trapezoid(rowExcess, step);
      expect(excess).toBeLessThanOrEqual(eps + 1e-3);
      expect(excess).toBeGreaterThan(eps - 1e-3);
    }
  });
});
