/**
 * Builds ResolvedPoint objects for theory tests, defaulting to the
 * reference simulation's configuration (K = 5, D = 10, d_sim = 5, n = 500).
 */
import type { Claim, ClaimTerm, Comparison, Preset, ResolvedPoint } from '../../server/src/core/semantics/model';

export interface GaussianPointOptions {
  K?: number;
  n?: number;
  D?: number;
  dSim?: number;
  B?: number;
  delta?: number;
  C?: number;
  preset?: Preset;
  sweepValues?: Record<string, number>;
}

/** Builds a conditional Gaussian point with uniform weights; B defaults to K + 1. */
export function gaussianPoint(options: GaussianPointOptions = {}): ResolvedPoint {
  const K = options.K ?? 5;
  const n = options.n ?? 500;
  const D = options.D ?? 10;
  const dSim = options.dSim ?? 5;
  const B = options.B ?? K + 1;
  const delta = options.delta ?? 0.05;
  const C = options.C ?? 3;
  const sourceNames = K <= 1000 ? Array.from({ length: K }, (_, k) => `source${k + 1}`) : [];
  return {
    experiment: 'test',
    sweepValues: options.sweepValues ?? {},
    bindings: { K, n, D, d_sim: dSim, B, delta, C },
    K,
    sourceNames,
    weights: K <= 1000 ? sourceNames.map(() => 1 / K) : [],
    n,
    delta,
    preset: options.preset ?? 'paper',
    C,
    model: { modelClass: 'gaussian', dim: D, shared: dSim, meanBound: B },
    check: { seeds: [3, 33, 520, 2025, 25731], testSamples: 500 },
  };
}

/** Builds a claim term: a bound quantity by name, or a number written as an expression. */
export function term(value: 'single' | 'multi' | 'ratio' | 'advantage' | number): ClaimTerm {
  if (typeof value === 'number') {
    return { kind: 'expression', expression: { text: String(value), span: { start: 0, end: 0 } } };
  }
  return { kind: 'quantity', quantity: value, span: { start: 0, end: 0 } };
}

/** Builds a claim `left OP right` at the given span. */
export function claim(
  left: Parameters<typeof term>[0],
  comparison: Comparison,
  right: Parameters<typeof term>[0],
  options: { span?: { start: number; end: number }; definedIn?: string } = {},
): Claim {
  return {
    left: term(left),
    comparison,
    right: term(right),
    text: `${left} ${comparison} ${right}`,
    span: options.span ?? { start: 0, end: 1 },
    definedIn: options.definedIn ?? 'test',
  };
}
