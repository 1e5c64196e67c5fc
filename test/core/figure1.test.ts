import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from './helpers';

const text = readFileSync(new URL('../../examples/figure1.msb', import.meta.url), 'utf8');
const result = analyze(text);

function experimentNamed(name: string) {
  const found = result.experiments.find((entry) => entry.experiment.name === name);
  if (!found) {
    throw new Error(`experiment ${name} not found`);
  }
  return found;
}

describe('examples/figure1.msb', () => {
  it('has no diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
  });

  it('declares the defaults and three sweeps', () => {
    expect(result.experiments.map((entry) => entry.experiment.name)).toEqual(['defaults', 'vary_sources', 'vary_samples', 'vary_similarity']);
    expect(result.experiments.reduce((total, entry) => total + entry.points.length, 0)).toBe(16);
  });

  it('resolves the defaults of the reference simulation', () => {
    const [entry] = experimentNamed('defaults').points;
    const point = entry.point;
    expect([point.K, point.n, point.preset]).toEqual([5, 500, 'paper']);
    expect(point.model).toEqual({ modelClass: 'gaussian', dim: 10, shared: 5, meanBound: 6 });
    expect(point.check).toEqual({ seeds: [3, 33, 520, 2025, 25731], testSamples: 500 });
  });

  it('sweeps K with B = K + 1 covering the true means', () => {
    const points = experimentNamed('vary_sources').points.map((entry) => entry.point);
    expect(points.map((point) => point.K)).toEqual([1, 3, 5, 10, 15]);
    expect(points.map((point) => (point.model.modelClass === 'gaussian' ? point.model.meanBound : NaN))).toEqual([2, 4, 6, 11, 16]);
    expect(points.every((point) => point.n === 500)).toBe(true);
  });

  it('sweeps n', () => {
    expect(experimentNamed('vary_samples').points.map((entry) => entry.point.n)).toEqual([100, 300, 500, 1000, 5000]);
  });

  it('sweeps sim and turns it into d_sim = floor(sim * D)', () => {
    const points = experimentNamed('vary_similarity').points.map((entry) => entry.point);
    expect(points.map((point) => point.sweepValues.sim)).toEqual([0, 0.3, 0.5, 0.7, 1]);
    expect(points.map((point) => (point.model.modelClass === 'gaussian' ? point.model.shared : NaN))).toEqual([0, 3, 5, 7, 10]);
  });

  it('reproduces the order-level bounds of the reference tables', () => {
    // Published "theoretical TV bound" columns: K=5 defaults 0.316227766 / 0.244948974,
    // K=15 0.5477 / 0.4000, n=100 0.7071 / 0.5477, sim=1 0.3162 / 0.1414.
    const [defaults] = experimentNamed('defaults').points;
    expect(defaults.bounds?.single.value).toBeCloseTo(0.316227766, 9);
    expect(defaults.bounds?.multi.value).toBeCloseTo(0.244948974, 9);
    expect(experimentNamed('vary_sources').points[4].bounds?.multi.value).toBeCloseTo(0.4, 4);
    expect(experimentNamed('vary_samples').points[0].bounds?.single.value).toBeCloseTo(0.7071, 4);
    expect(experimentNamed('vary_similarity').points[4].bounds?.multi.value).toBeCloseTo(0.1414, 4);
  });

  it('proves every claim', () => {
    for (const entry of result.experiments) {
      for (const { claim, result: outcome } of entry.claims) {
        expect(`${entry.experiment.name}: ${claim.text} ${outcome.status}`).toBe(`${entry.experiment.name}: ${claim.text} proved`);
      }
    }
  });
});
