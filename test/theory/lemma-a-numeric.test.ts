/**
 * Lemma A checked numerically on an exponential family over a finite
 * domain, where sums are exact: p_theta(x) ∝ exp(theta . x) on {0..3}^P.
 * d log p / d theta_i = x_i - E[x_i] lies in [-3, 3], so log p is
 * L-Lipschitz in the sup norm with L = 3 P.
 */
import { describe, expect, it } from 'vitest';
import { lipschitzLogBracketingNumber } from '../../server/src/core/theory';

function domain(P: number): number[][] {
  let points: number[][] = [[]];
  for (let i = 0; i < P; i++) {
    points = points.flatMap((prefix) => [0, 1, 2, 3].map((value) => [...prefix, value]));
  }
  return points;
}

function densities(theta: number[], xs: number[][]): number[] {
  const weights = xs.map((x) => Math.exp(x.reduce((sum, value, i) => sum + value * theta[i], 0)));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight) => weight / total);
}

function uniformSequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

describe.each([1, 2])('Lemma A with P = %i', (P) => {
  const B = 1;
  const L = 3 * P;
  const eps = 0.2;
  const xs = domain(P);
  const random = uniformSequence(99 + P);

  const { steps, value } = lipschitzLogBracketingNumber({ parameterBound: B, lipschitz: L, epsilon: eps, parameters: P });
  const h = steps[0].value;
  const perAxis = Math.ceil(B / h);

  it('cover size matches ceil(B L / log(1 + eps))^P', () => {
    expect(h).toBeCloseTo(Math.log(1 + eps) / L, 15);
    expect(perAxis).toBe(Math.ceil((B * L) / Math.log(1 + eps)));
    expect(value).toBeCloseTo(P * Math.log(perAxis), 13);
  });

  it('bracket p_c e^(L h) covers its cube with excess eps', () => {
    for (let trial = 0; trial < 50; trial++) {
      const theta = Array.from({ length: P }, () => -B + 2 * B * random());
      // Nearest centre -B + (2j + 1) h on each axis.
      const centre = theta.map((t) => {
        const j = Math.min(perAxis - 1, Math.max(0, Math.floor((t + B) / (2 * h))));
        return -B + (2 * j + 1) * h;
      });
      centre.forEach((c, i) => expect(Math.abs(c - theta[i])).toBeLessThanOrEqual(h * (1 + 1e-12)));

      const p = densities(theta, xs);
      const upper = densities(centre, xs).map((q) => q * Math.exp(L * h));
      upper.forEach((u, i) => expect(u).toBeGreaterThanOrEqual(p[i] * (1 - 1e-12)));

      const excess = upper.reduce((sum, u, i) => sum + u - p[i], 0);
      expect(excess).toBeCloseTo(eps, 12);
    }
  });

  it('Lipschitz ratio never exceeds L', () => {
    for (let trial = 0; trial < 200; trial++) {
      const a = Array.from({ length: P }, () => -B + 2 * B * random());
      const b = Array.from({ length: P }, () => -B + 2 * B * random());
      const distance = Math.max(...a.map((value, i) => Math.abs(value - b[i])));
      const pa = densities(a, xs);
      const pb = densities(b, xs);
      for (let i = 0; i < xs.length; i++) {
        expect(Math.abs(Math.log(pa[i]) - Math.log(pb[i]))).toBeLessThanOrEqual(L * distance + 1e-12);
      }
    }
  });
});
