/**
 * Runs one experiment's check for the CLI, with progress on stderr and
 * Ctrl-C stopping the run while keeping the seeds already finished.
 */
import type { ExperimentAnalysis } from '../core/analysis';
import { runCheck } from '../core/simulation';
import type { ExperimentCheck } from '../core/simulation/types';
import type { CliContext } from './context';
import type { LoadedSpec } from './spec-file';

export interface RunOptions {
  seedList?: number[];
  workers?: number;
  backend?: string;
  timeLimit?: number;
}

export async function runExperimentCheck(
  loaded: LoadedSpec,
  experiment: ExperimentAnalysis,
  options: RunOptions,
  context: CliContext,
): Promise<ExperimentCheck> {
  const name = experiment.experiment.name;
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);

  try {
    const check = runCheck(experiment, {
      seeds: options.seedList,
      onProgress: (done, total) => context.progress(`${name}: ${done}/${total} seed runs`),
      shouldStop: () => interrupted,
    });
    context.progress('');
    if (check.partial) {
      context.stderr(`${loaded.path}: ${name}: stopped early; the output holds the finished seeds only`);
    }
    return check;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
