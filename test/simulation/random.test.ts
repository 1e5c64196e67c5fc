import { describe, expect, test } from 'vitest';

import { RandomStream, seedState } from '../../server/src/core/simulation/random';

function draw(stream: RandomStream, count: number, kind: 'uniform' | 'normal'): Float64Array {
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = kind === 'uniform' ? stream.uniform() : stream.normal();
  return values;
}

function moments(values: Float64Array): { mean: number; variance: number; kurtosis: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let second = 0;
  let fourth = 0;
  for (const value of values) {
    second += (value - mean) ** 2;
    fourth += (value - mean) ** 4;
  }
  const variance = second / values.length;
  return { mean, variance, kurtosis: fourth / values.length / variance ** 2 };
}

describe('RandomStream', () => {
  test('same seed gives same stream', () => {
    const first = draw(new RandomStream(2025), 1000, 'normal');
    const second = draw(new RandomStream(2025), 1000, 'normal');
    expect(Array.from(second)).toEqual(Array.from(first));
  });

  test('nearby seeds give different streams', () => {
    const first = draw(new RandomStream(3), 100, 'uniform');
    const second = draw(new RandomStream(4), 100, 'uniform');
    const equal = first.filter((value, i) => value === second[i]).length;
    expect(equal).toBe(0);
    expect(seedState(3)).not.toEqual(seedState(4));
  });

  test('seeds beyond 32 bits differ from their low word', () => {
    expect(seedState(2 ** 32 + 7)).not.toEqual(seedState(7));
  });

  test('rejects non-integer seeds', () => {
    expect(() => new RandomStream(1.5)).toThrow(/Invalid seed 1.5/);
    expect(() => new RandomStream(Number.NaN)).toThrow(RangeError);
  });

  test('uniform moments match U(0, 1)', () => {
    const count = 200_000;
    const values = draw(new RandomStream(33), count, 'uniform');
    const { mean, variance } = moments(values);
    expect(values.reduce((a, b) => Math.min(a, b), 1)).toBeGreaterThanOrEqual(0);
    expect(values.reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(1);
    // Standard errors: sqrt(1/12 / count) for the mean, about sqrt(1/180 / count) for the variance.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / count));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / count));
  });

  test('normal moments match N(0, 1)', () => {
    const count = 200_000;
    const values = draw(new RandomStream(520), count, 'normal');
    const { mean, variance, kurtosis } = moments(values);
    // Standard errors: 1/sqrt(count), sqrt(2/count) and sqrt(24/count) for mean, variance and kurtosis.
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(count));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / count));
    expect(Math.abs(kurtosis - 3)).toBeLessThan(4 * Math.sqrt(24 / count));
  });

  test('normal tail share matches Phi', () => {
    const count = 200_000;
    const values = draw(new RandomStream(25731), count, 'normal');
    // P(|Z| > 1.959963984540054) = 0.05 exactly.
    const share = values.filter((value) => Math.abs(value) > 1.959963984540054).length / count;
    expect(Math.abs(share - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / count));
  });
});
