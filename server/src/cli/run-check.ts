/**
 * Runs one experiment's check for the CLI through the check runner:
 * seeds run in worker processes, progress goes to stderr, Ctrl-C stops
 * the run within a second and keeps the seeds already finished, and the
 * result is written to the workspace's results store, which the editor
 * reads too.
 */
import type { AnalysisOptions, ExperimentAnalysis } from '../core/analysis';
import type { ExperimentCheck } from '../core/simulation/types';
import type { CheckEvent, CheckOutcome } from '../runner/protocol';
import { buildRecord, findWorkspaceRoot, writeRecord } from '../runner/store';
import { startCheck } from '../runner/supervisor';
import type { CliContext } from './context';
import { CliError } from './exit-codes';
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

export async function runExperimentCheck(
  loaded: LoadedSpec,
  experiment: ExperimentAnalysis,
  options: RunOptions,
  context: CliContext,
): Promise<{ check: ExperimentCheck; outcome: CheckOutcome }> {
  const name = experiment.experiment.name;
  const handle = startCheck(
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
    (event) => reportProgress(event, context),
  );

  const onInterrupt = () => {
    context.stderr(`\n${loaded.path}: ${name}: stopping; finished seeds are kept`);
    handle.cancel();
  };
  process.once('SIGINT', onInterrupt);
  let outcome: CheckOutcome;
  try {
    outcome = await handle.done;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    context.progress('');
  }

  if (options.store !== false) {
    storeOutcome(loaded, experiment, outcome, context);
  }
  if (!outcome.check) {
    const log = outcome.log ? `\n${outcome.log}` : '';
    throw new CliError(`${loaded.path}: ${name}: the check ${outcome.status}: ${outcome.error ?? 'no seed finished'}${log}`, 1);
  }
  if (outcome.status === 'failed') {
    context.stderr(`${loaded.path}: ${name}: the check failed after ${outcome.completedUnits} of ${outcome.totalUnits} seed runs: ${outcome.error}`);
  } else if (outcome.partial) {
    context.stderr(`${loaded.path}: ${name}: stopped early; the output holds ${outcome.completedUnits} of ${outcome.totalUnits} seed runs`);
  }
  return { check: outcome.check, outcome };
}

function reportProgress(event: CheckEvent, context: CliContext): void {
  if (event.type !== 'progress') {
    return;
  }
  const left = event.remainingMs === undefined ? '' : `, about ${Math.ceil(event.remainingMs / 1000)} s left`;
  context.progress(`${event.experiment}: ${event.completed}/${event.total} seed runs${left}`);
}

/** Writes the run to the results store; a failed write is reported, never fatal. */
function storeOutcome(loaded: LoadedSpec, experiment: ExperimentAnalysis, outcome: CheckOutcome, context: CliContext): void {
  try {
    const root = findWorkspaceRoot(loaded.path);
    const record = buildRecord({
      outcome,
      points: experiment.points.map((entry) => entry.point),
      bounds: experiment.points.map((entry) =>
        entry.bounds ? { single: entry.bounds.single.value, multi: entry.bounds.multi.value, preset: entry.bounds.preset } : undefined,
      ),
      workspaceRoot: root,
      specPath: loaded.path,
    });
    writeRecord(root, record);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.stderr(`${loaded.path}: warning: the result was not stored: ${reason}`);
  }
}
