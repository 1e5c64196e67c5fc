import { describe, expect, it } from 'vitest';
import type { ResolvedPoint } from '../../server/src/core/semantics/model';
import { computeBounds, explicitBound, orderBound } from '../../server/src/core/theory/bounds';
import { autoregressiveTheory } from '../../server/src/core/theory/classes/autoregressive';
import { energyTheory } from '../../server/src/core/theory/classes/energy';
import { modelClassTheory } from '../../server/src/core/theory/classes/registry';
import { isUnavailable } from '../../server/src/core/theory/classes/types';

function point(modelClass: 'autoregressive' | 'energy', settings: Record<string, number | number[] | string>, overrides: Partial<ResolvedPoint> = {}): ResolvedPoint {
  const K = overrides.K ?? 3;
  return {
    experiment: 'test',
    sweepValues: {},
    bindings: {},
    K,
    sourceNames: Array.from({ length: K }, (_, k) => `source ${k + 1}`),
    weights: new Array(K).fill(1 / K),
    n: 100,
    delta: 0.05,
    preset: 'mle_bracketing',
    C: 3,
    model: { modelClass, settings },
    check: { seeds: [3], testSamples: 500 },
    ...overrides,
  };
}

describe('registry', () => {
  it('lists both deep classes', () => {
    expect(modelClassTheory('autoregressive')).toBe(autoregressiveTheory);
    expect(modelClassTheory('energy')).toBe(energyTheory);
  });
});

describe('energy class bounds', () => {
  it('derive log N by Lemma A by hand', () => {
    // d = 1, hidden [2], tanh, B = 1: L_f = 7, L = 14, P = 7, P_s = 2 (first-layer weights).
    const report = explicitBound(point('energy', { dim: 1, hidden: [2], weight_bound: 1, shared: 'hidden' }));
    expect(report.counts.perSource).toBe(7);
    expect(report.counts.shared).toBe(2);
    expect(report.counts.single).toBe(21);
    expect(report.counts.multi).toBe(3 * 5 + 2);
    const logN = 21 * Math.log(Math.ceil(14 / Math.log(1.01)));
    const expected = 3 * Math.sqrt((logN + Math.log(20)) / 100);
    expect(report.single.value).toBeCloseTo(expected, 12);
    expect(report.single.vacuous).toBe(expected > 1);
    const lipschitzStep = report.single.derivation.steps.find((step) => step.quantity === 'L');
    expect(lipschitzStep?.value).toBe(14);
    expect(report.single.derivation.steps.some((step) => step.quantity === 'P(hidden 1)')).toBe(true);
  });

  it('give the order-level ratio identity', () => {
    const report = orderBound(point('energy', { dim: 2, hidden: [8, 8], shared: 'hidden' }, { preset: 'paper', K: 5 }));
    const { betaSim } = report.counts;
    expect(report.ratio.value).toBeCloseTo(Math.sqrt(1 - (4 * betaSim) / 5), 12);
    expect(report.single.value).toBeCloseTo(Math.sqrt(report.counts.single / 100), 12);
  });
});

describe('autoregressive class bounds', () => {
  it('scale L with the sequence length', () => {
    const report = explicitBound(point('autoregressive', { length: 3, vocabulary: 2, hidden: [4] }));
    const steps = report.multi.derivation.steps;
    const lz = steps.find((step) => step.quantity === 'L_z');
    const L = steps.find((step) => step.quantity === 'L');
    expect(lz).toBeDefined();
    expect(L?.value).toBe(2 * 3 * (lz?.value ?? Number.NaN));
  });

  it('count the sharing modes', () => {
    const none = explicitBound(point('autoregressive', { hidden: [8], shared: 'none' }));
    const hidden = explicitBound(point('autoregressive', { hidden: [8], shared: 'hidden' }));
    const all = explicitBound(point('autoregressive', { hidden: [8], shared: 'all_but_embedding' }));
    const layers = explicitBound(point('autoregressive', { hidden: [8], shared_layers: 1 }));
    expect(none.counts.shared).toBe(0);
    expect(none.multi.value).toBeCloseTo(none.single.value, 12);
    expect(hidden.counts.shared).toBeGreaterThan(0);
    expect(layers.counts.shared).toBe(hidden.counts.shared);
    // All but the embedding: P_s = P - H_1.
    expect(all.counts.shared).toBe(all.counts.perSource - 8);
    expect(all.multi.value).toBeLessThan(hidden.multi.value);
  });

  it('report invalid settings as unavailable', () => {
    const result = computeBounds(point('autoregressive', { hidden: [0], activation: 'sigmoid' }));
    expect(isUnavailable(result)).toBe(true);
    if (isUnavailable(result)) {
      expect(result.unavailable).toMatch(/hidden/);
      expect(result.unavailable).toMatch(/activation/);
    }
    const both = computeBounds(point('autoregressive', { shared: 'none', shared_layers: 1 }));
    expect(isUnavailable(both)).toBe(true);
  });

  it('stay available past the enumeration limit', () => {
    const result = computeBounds(point('autoregressive', { length: 30, vocabulary: 50 }));
    expect(isUnavailable(result)).toBe(false);
  });
});
