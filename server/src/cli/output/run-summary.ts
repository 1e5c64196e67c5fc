/** One line per check run: which backend ran, on how many workers, for how long. */
import type { CheckOutcome, SkippedBackend } from '../../runner/protocol';

export interface RunSummary {
  experiment: string;
  backend: string;
  /** Faster backends that were passed over, each with the reason. */
  skippedBackends: SkippedBackend[];
  workers: number;
  wallSeconds: number;
  status: string;
}

export function runSummary(outcome: CheckOutcome): RunSummary {
  return {
    experiment: outcome.experiment,
    backend: outcome.backend,
    skippedBackends: outcome.skippedBackends,
    workers: outcome.workers,
    wallSeconds: outcome.timings.wallMs / 1000,
    status: outcome.status,
  };
}

export function describeRun(run: RunSummary): string[] {
  const backend =
    run.backend === 'js' ? 'plain JavaScript (the Gaussian check has closed forms and needs no TensorFlow.js)' : `TensorFlow.js backend ${run.backend}`;
  const lines = [`  ran on ${backend}, ${run.workers} worker${run.workers === 1 ? '' : 's'}, ${run.wallSeconds.toFixed(2)} s`];
  for (const skipped of run.skippedBackends) {
    lines.push(`    ${skipped.name} not used: ${skipped.reason}`);
  }
  return lines;
}
