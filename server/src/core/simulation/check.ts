/**
 * In-process check of one experiment: every seed at every sweep point,
 * then summaries and verdicts. The CLI and tests use it; the editor runs
 * checks through worker processes instead.
 */
import type { ExperimentAnalysis } from '../analysis';
import type { ResolvedPoint } from '../semantics/model';
import { simulateGaussianSeed, type SimulationMethod } from './gaussian';
import { summarizePoint } from './summarize';
import { sweepVerdicts } from './sweep-verdicts';
import type { ExperimentCheck, PointCheck, SeedResult } from './types';

export interface RunCheckOptions {
  /** Seeds for every point, in place of each point's own `check.seeds`. */
  seeds?: number[];
  /** Called after each finished seed with the number done and the total. */
  onProgress?(done: number, total: number): void;
  /** Polled before each seed; returning true stops the run with `partial: true`. */
  shouldStop?(): boolean;
  method?: SimulationMethod;
}

/**
 * Runs the conditional Gaussian check of an experiment. Throws a RangeError
 * that names the experiment and what to change when the experiment has no
 * valid point or a point is not Gaussian. Invalid point values raise the
 * simulation's own RangeError.
 */
export function runCheck(analysis: ExperimentAnalysis, options: RunCheckOptions = {}): ExperimentCheck {
  const name = analysis.experiment.name;
  const points: ResolvedPoint[] = analysis.points.map((entry) => entry.point);
  if (points.length === 0) {
    throw new RangeError(`Experiment '${name}' has no valid configuration to check: fix its errors first.`);
  }
  for (const point of points) {
    if (point.model.modelClass !== 'gaussian') {
      throw new RangeError(
        `Experiment '${name}' uses model class '${point.model.modelClass}', but the in-process check simulates ` +
          "only 'gaussian'; run it through the check runner, which trains deep models.",
      );
    }
  }

  const seedsOf = (point: ResolvedPoint): number[] => options.seeds ?? point.check.seeds;
  const total = points.reduce((sum, point) => sum + seedsOf(point).length, 0);
  let done = 0;
  let partial = false;
  const checked: { point: ResolvedPoint; check: PointCheck }[] = [];

  for (const point of points) {
    const results: SeedResult[] = [];
    for (const seed of seedsOf(point)) {
      if (options.shouldStop?.()) {
        partial = true;
        break;
      }
      results.push(simulateGaussianSeed(point, seed, { method: options.method }));
      done++;
      options.onProgress?.(done, total);
    }
    if (results.length > 0) checked.push({ point, check: summarizePoint(point, results) });
    if (partial) break;
  }

  return {
    experiment: name,
    points: checked.map((entry) => entry.check),
    verdicts: sweepVerdicts(checked),
    partial,
  };
}
