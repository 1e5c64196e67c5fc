/** `msbound check FILE`: runs the empirical check of every experiment and its verdicts. */
import type { Command } from 'commander';
import type { ExperimentAnalysis } from '../../core/analysis';
import type { ExperimentCheck } from '../../core/simulation/types';
import { ExitCode } from '../exit-codes';
import type { CliContext } from '../context';
import { addCommonOptions, analysisOptions, positiveInteger, positiveNumber, type CommonOptions } from '../options';
import { renderCheckRows } from '../output/render-check';
import { boundRows, checkRow, verdictEntry, type CheckRow } from '../rows';
import { loadSpec, selectExperiments } from '../spec-file';
import { runExperimentCheck } from '../run-check';
import { runSummary, type RunSummary } from '../output/run-summary';

export interface CheckOptions extends CommonOptions {
  seeds?: number;
  workers?: number;
  backend?: string;
  timeLimit?: number;
  /** False with --no-store. */
  store: boolean;
}

export function register(program: Command, context: CliContext): void {
  addCommonOptions(
    program
      .command('check')
      .description('run the empirical check (training on simulated data) and report the verdicts')
      .argument('<file>', 'spec file (.msb)')
      .option('-s, --seeds <count>', 'run seeds 0, 1, ..., count - 1 instead of the seeds in the spec', positiveInteger)
      .option('-w, --workers <count>', 'number of worker processes (default: the number of cores)', positiveInteger)
      .option('-b, --backend <name>', 'compute backend for trained model classes: tfjs-node-gpu, tfjs-node, webgpu, wasm or cpu')
      .option('--time-limit <seconds>', 'stop an experiment that runs longer than this, in seconds (fractions allowed)', positiveNumber)
      .option('--no-store', 'do not write the result to the results store (.msbound/results/)'),
  ).action(async (file: string, options: CheckOptions) => {
    const loaded = loadSpec(file, analysisOptions(options), context.stderr);
    const experiments = selectExperiments(loaded, options.experiment);
    const seeds = options.seeds === undefined ? undefined : Array.from({ length: options.seeds }, (_, i) => i);

    const rows: CheckRow[] = [];
    const runs: RunSummary[] = [];
    let failed = false;
    for (const experiment of experiments) {
      const { check, outcome } = await runExperimentCheck(
        loaded,
        experiment,
        { ...options, seedList: seeds, analysisOptions: analysisOptions(options) },
        context,
      );
      runs.push(runSummary(outcome));
      failed ||= outcome.status === 'failed';
      if (check) {
        rows.push(...rowsOf(experiment, check));
        failed ||= check.points.some((point) => point.verdicts.some((v) => v.status === 'fail'));
        failed ||= check.verdicts.some((v) => v.status === 'fail');
      }
      // Ctrl-C stops the whole command; a failed experiment (time limit, worker crash) does not stop the next.
      if (outcome.status === 'cancelled') {
        break;
      }
    }

    context.stdout(renderCheckRows(rows, options.format, loaded.path, runs));
    const refuted = rows.some((row) => row.claims.some((claim) => claim.status === 'refuted'));
    if (runs.some((run) => run.status === 'cancelled')) {
      context.setExitCode(ExitCode.interrupted);
    } else {
      context.setExitCode(failed || refuted ? ExitCode.claimOrVerdictFailed : ExitCode.success);
    }
  });
}

/** Joins each point's bounds with its check result, matched by sweep values. */
function rowsOf(experiment: ExperimentAnalysis, check: ExperimentCheck): CheckRow[] {
  const sweepVerdicts = check.verdicts.map(verdictEntry);
  const rows: CheckRow[] = [];
  for (const base of boundRows(experiment)) {
    const key = JSON.stringify(base.sweep);
    const pointCheck = check.points.find((point) => JSON.stringify(point.sweepValues) === key);
    if (pointCheck) {
      rows.push({ ...checkRow(base, pointCheck, check.partial), sweepVerdicts });
    }
  }
  return rows;
}
