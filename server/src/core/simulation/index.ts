/**
 * Empirical checks: the conditional Gaussian simulation, summaries over
 * seeds and verdicts. Pure: no I/O, deterministic in the seeds.
 */
import type { ResolvedPoint } from '../semantics/model';
import { simulateGaussianSeed, type SimulationOptions } from './gaussian';
import type { SeedResult } from './types';

export type * from './types';
export {
  DEFAULT_SIMULATION_METHOD,
  gaussianSetup,
  gaussianTotalVariation,
  type SimulationMethod,
  type SimulationOptions,
} from './gaussian';
export { RandomStream } from './random';
export { summarize } from './statistics';
export { summarizePoint } from './summarize';
export { sweepVerdicts } from './sweep-verdicts';
export { runCheck, type RunCheckOptions } from './check';

/** Simulates one seed of the conditional Gaussian check at a point (see gaussian.ts for the protocol). */
export function simulateSeed(point: ResolvedPoint, seed: number, options?: SimulationOptions): SeedResult {
  return simulateGaussianSeed(point, seed, options);
}
