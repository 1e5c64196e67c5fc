import { describe, expect, it } from 'vitest';
import { parse } from '../../server/src/core/syntax/parser';
import { buildExperiments } from '../../server/src/core/semantics/build';
import { resolvePoints } from '../../server/src/core/semantics/resolve';
import { analyze, BASE_BODY, covered, experiment, spec } from './helpers';

function experimentsOf(text: string) {
  return buildExperiments(parse(text).tree, text).experiments;
}

describe('resolvePoints', () => {
  it('returns one point without sweeps, with defaults filled in', () => {
    const text = spec(experiment('a', ['sources K = 4', 'samples n = 200', 'model gaussian { dim D = 3 }']));
    const { points, diagnostics } = resolvePoints(experimentsOf(text)[0]);
    expect(diagnostics).toEqual([]);
    expect(points).toHaveLength(1);
    const point = points[0];
    expect(point.K).toBe(4);
    expect(point.weights).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(point.sourceNames).toHaveLength(4);
    expect(point.delta).toBe(0.05);
    expect(point.C).toBe(3);
    expect(point.preset).toBe('paper');
    // B defaults to K + 1 and d_sim to 0.
    expect(point.model).toEqual({ modelClass: 'gaussian', dim: 3, shared: 0, meanBound: 5 });
    expect(point.check).toEqual({ seeds: [3, 33, 520, 2025, 25731], testSamples: 500 });
    expect(point.bindings).toMatchObject({ K: 4, n: 200, D: 3, d_sim: 0, B: 5, delta: 0.05, C: 3 });
  });

  it('applies option defaults for preset, C and delta', () => {
    const text = spec(experiment('a', BASE_BODY));
    const { points } = resolvePoints(experimentsOf(text)[0], { defaultPreset: 'mle_bracketing', defaultC: 2, defaultDelta: 0.01 });
    expect([points[0].preset, points[0].C, points[0].delta]).toEqual(['mle_bracketing', 2, 0.01]);
  });

  it('forms the cartesian product of sweeps in order', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'sweep K in [1, 2]', 'sweep n in [10, 20, 30]']));
    const { points } = resolvePoints(experimentsOf(text)[0]);
    expect(points.map((point) => [point.K, point.n])).toEqual([
      [1, 10],
      [1, 20],
      [1, 30],
      [2, 10],
      [2, 20],
      [2, 30],
    ]);
    expect(points[4].sweepValues).toEqual({ K: 2, n: 20 });
  });

  it('re-evaluates dependent values at each point', () => {
    const text = spec(experiment('a', ['sources K = 5', 'samples n = 100 * K', 'model gaussian { dim D = 10; similarity sim = 0.5 }', 'sweep K in [1, 3]', 'sweep sim in [0.57]']));
    const { points } = resolvePoints(experimentsOf(text)[0]);
    expect(points.map((point) => [point.n, point.model.modelClass === 'gaussian' ? point.model.meanBound : 0])).toEqual([
      [100, 2],
      [300, 4],
    ]);
    // floor(0.57 * 10) = 5 needs no snapping; D = 100 below checks the snapped case.
    expect(points[0].model).toMatchObject({ shared: 5 });
  });

  it('snaps sim * D before flooring', () => {
    const text = spec(experiment('a', ['sources K = 2', 'samples n = 10', 'model gaussian { dim D = 100; similarity sim = 0.57 }']));
    const { points } = resolvePoints(experimentsOf(text)[0]);
    expect(points[0].model).toMatchObject({ shared: 57 });
  });

  it('evaluates sweep values that read other symbols', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'let scale = 2', 'sweep n in [100 * scale, 1000]']));
    const { points } = resolvePoints(experimentsOf(text)[0]);
    expect(points.map((point) => point.n)).toEqual([200, 1000]);
  });

  it('skips an invalid sweep point', () => {
    const text = spec(experiment('a', ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 10; shared d_sim = 4 }', 'sweep D in [2, 4, 8]']));
    const result = analyze(text);
    expect(result.experiments[0].points.map((point) => point.point.model)).toEqual([
      { modelClass: 'gaussian', dim: 4, shared: 4, meanBound: 6 },
      { modelClass: 'gaussian', dim: 8, shared: 4, meanBound: 6 },
    ]);
    expect(result.diagnostics).toHaveLength(1);
    const diagnostic = result.diagnostics[0];
    expect(diagnostic.code).toBe('MSB034');
    expect(diagnostic.severity).toBe('warning');
    expect(covered(text, diagnostic)).toBe('2');
    expect(diagnostic.span.start).toBe(text.indexOf('[2') + 1);
    expect(diagnostic.message).toContain('With D = 2');
  });

  it('reports a sweep value that is out of range and keeps the others', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'sweep n in [0, 100, 2.5]']));
    const result = analyze(text);
    expect(result.experiments[0].points.map((point) => point.point.n)).toEqual([100]);
    expect(result.diagnostics.map((diagnostic) => covered(text, diagnostic))).toEqual(['0', '2.5']);
  });

  it('reports a failing grid value once, not once per grid row', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'sweep K in [0, 1]', 'sweep n in [1, 2, 3]']));
    const result = analyze(text);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.experiments[0].points).toHaveLength(3);
  });

  it('caps the number of grid points', () => {
    const values = Array.from({ length: 101 }, (_, index) => index + 1).join(', ');
    const text = spec(experiment('a', [...BASE_BODY, `sweep K in [${values}]`, `sweep n in [${values}]`]));
    const result = analyze(text);
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['MSB035']);
    expect(result.diagnostics[0].message).toContain('10201');
    expect(result.experiments[0].points).toEqual([]);
  });

  it('resolves per-source samples to n = K * m', () => {
    const text = spec(experiment('a', ['sources { a = 0.25; b = 0.75 }', 'samples per_source m = 40', 'model gaussian { dim D = 2 }', 'sweep m in [10, 20]']));
    const { points, diagnostics } = resolvePoints(experimentsOf(text)[0]);
    expect(diagnostics).toEqual([]);
    expect(points.map((point) => [point.n, point.perSource])).toEqual([
      [20, 10],
      [40, 20],
    ]);
  });

  it('resolves check seeds given as a count', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'check { seeds = 3; test_samples = 50; time_limit = 2.5 }']));
    const { points } = resolvePoints(experimentsOf(text)[0]);
    expect(points[0].check).toEqual({ seeds: [0, 1, 2], testSamples: 50, extra: { time_limit: 2.5 } });
  });

  it('passes settings of other model classes through as numbers, lists and names', () => {
    const text = spec(experiment('a', ['sources K = 2', 'samples n = 100', 'model autoregressive { hidden = [8, 4]; activation = relu; weight_bound B = 0.5 }']));
    const { points } = resolvePoints(experimentsOf(text)[0]);
    expect(points[0].model).toEqual({ modelClass: 'autoregressive', settings: { hidden: [8, 4], activation: 'relu', weight_bound: 0.5 } });
    expect(points[0].bindings.B).toBe(0.5);
  });
});
