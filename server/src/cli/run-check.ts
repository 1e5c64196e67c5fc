/**
 * Runs one experiment's check for the `check` command through the check
 * runner (see runner/cli-run.ts): worker processes, progress on stderr,
 * Ctrl-C keeping the finished seeds, and the result stored where the
 * editor reads it.
 */
import type { AnalysisOptions, ExperimentAnalysis } from '../core/analysis';
import type { ExperimentCheck } from '../core/simulation/types';
import { runCheckForCli } from '../runner/cli-run';
import type { CheckOutcome } from '../runner/protocol';
import type { CliContext } from './context';
import type { LoadedSpec } from './spec-file';

export interface RunOptions {
  seedList?: number[];
  workers?: number;
  backend?: string;
  /** Time limit of one experiment, in seconds. */
  timeLimit?: number;
  /** Write the result to the results store (default true). */
  store?: boolean;
  analysisOptions: AnalysisOptions;
}

/**
 * Runs the check of one experiment. `check` is absent when no seed
 * finished; the reason was then already printed.
 */
export async function runExperimentCheck(
  loaded: LoadedSpec,
  experiment: ExperimentAnalysis,
  options: RunOptions,
  context: CliContext,
): Promise<{ check?: ExperimentCheck; outcome: CheckOutcome }> {
  const name = experiment.experiment.name;
  const outcome = await runCheckForCli(
    {
      specText: loaded.analysis.text,
      specPath: loaded.path,
      experiment: name,
      seeds: options.seedList,
      workers: options.workers,
      backend: options.backend,
      timeLimitMs: options.timeLimit === undefined ? undefined : options.timeLimit * 1000,
      analysisOptions: options.analysisOptions,
    },
    experiment,
    { progress: context.progress, stderr: (line) => context.stderr(`${loaded.path}: ${line}`) },
    { store: options.store },
  );

  if (!outcome.check) {
    const ended = outcome.status === 'cancelled' ? 'was cancelled' : 'failed';
    context.stderr(`${loaded.path}: ${name}: the check ${ended} before any seed finished`);
  }
  return { check: outcome.check, outcome };
}
