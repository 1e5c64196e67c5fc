/**
 * ResolvedPoint builders for the simulation tests, written by hand so that
 * the tests do not depend on the front end.
 */
import type { ResolvedPoint } from '../../server/src/core/semantics/model';

export interface GaussianPointOptions {
  K?: number;
  D?: number;
  /** Share of shared coordinates; d_sim = floor(sim D) with products within 1e-9 of an integer snapped. */
  sim?: number;
  n?: number;
  perSource?: number;
  weights?: number[];
  meanBound?: number;
  testSamples?: number;
  seeds?: number[];
  delta?: number;
  C?: number;
  preset?: ResolvedPoint['preset'];
  sweepValues?: Record<string, number>;
  experiment?: string;
}

/** Seeds of the reference simulation of Wang et al. (arXiv:2502.14583). */
export const PAPER_SEEDS = [3, 33, 520, 2025, 25731];

/** Number of shared coordinates for a similarity share, as int(sim * D) with float noise snapped. */
export function sharedCoordinates(sim: number, D: number): number {
  const product = sim * D;
  const nearest = Math.round(product);
  return Math.abs(product - nearest) < 1e-9 ? nearest : Math.floor(product);
}

/**
 * Builds a conditional Gaussian point with the defaults of Wang et al.'s simulation (K = 5, D = 10,
 * sim = 0.5, n = 500, 500 test pairs). The mean bound defaults to K + 10,
 * far enough above the largest true mean K that clipping has probability
 * below 1e-20 at every sample size used in the tests.
 */
export function gaussianPoint(options: GaussianPointOptions = {}): ResolvedPoint {
  const K = options.K ?? 5;
  const D = options.D ?? 10;
  const sim = options.sim ?? 0.5;
  const n = options.perSource !== undefined ? options.perSource * K : (options.n ?? 500);
  const weights = options.weights ?? Array.from({ length: K }, () => 1 / K);
  return {
    experiment: options.experiment ?? 'figure1',
    sweepValues: options.sweepValues ?? {},
    bindings: { K, D, sim, n },
    K,
    sourceNames: Array.from({ length: K }, (_, k) => `source${k + 1}`),
    weights,
    n,
    perSource: options.perSource,
    delta: options.delta ?? 0.05,
    preset: options.preset ?? 'paper',
    C: options.C ?? 3,
    model: { modelClass: 'gaussian', dim: D, shared: sharedCoordinates(sim, D), meanBound: options.meanBound ?? K + 10 },
    check: { seeds: options.seeds ?? PAPER_SEEDS, testSamples: options.testSamples ?? 500 },
  };
}

/** Builds the 15 points of Wang et al.'s three sweeps (K, n, sim) around the defaults. */
export function figureOnePoints(): { sweep: 'K' | 'n' | 'sim'; value: number; point: ResolvedPoint }[] {
  const points: { sweep: 'K' | 'n' | 'sim'; value: number; point: ResolvedPoint }[] = [];
  for (const K of [1, 3, 5, 10, 15]) points.push({ sweep: 'K', value: K, point: gaussianPoint({ K, sweepValues: { K } }) });
  for (const n of [100, 300, 500, 1000, 5000]) points.push({ sweep: 'n', value: n, point: gaussianPoint({ n, sweepValues: { n } }) });
  for (const sim of [0, 0.3, 0.5, 0.7, 1]) points.push({ sweep: 'sim', value: sim, point: gaussianPoint({ sim, sweepValues: { sim } }) });
  return points;
}
