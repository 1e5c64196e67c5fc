/**
 * Runs one experiment's check for a command-line caller. Progress lines go
 * to stderr, and Ctrl-C (SIGINT) cancels the check but keeps the finished
 * seeds. A failure prints its cause and the worker's log. Every run goes
 * into the results store of the spec's workspace.
 */
import type { ExperimentAnalysis } from '../core/analysis';
import type { CheckOutcome, CheckRequest } from './protocol';
import { buildRecord, findWorkspaceRoot, writeRecord, type RecordedBounds } from './store';
import { startCheck } from './supervisor';

export interface CliRunIo {
  /** A progress line (overwritten in place on a terminal); '' clears it. */
  progress(line: string): void;
  /** One line on stderr. */
  stderr(line: string): void;
}

/** Short duration for progress lines: `12 s`, `3 min`. */
function formatRemaining(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/**
 * Runs the check of `request.experiment` and resolves to its outcome
 * (never rejects). `experiment` is the caller's analysis of the same text;
 * its points and bounds go into the stored record. With `store: false` or
 * without `request.specPath`, nothing is written.
 */
export async function runCheckForCli(
  request: CheckRequest,
  experiment: ExperimentAnalysis,
  io: CliRunIo,
  options: { store?: boolean } = {},
): Promise<CheckOutcome> {
  const name = request.experiment;
  const handle = startCheck(request, (event) => {
    if (event.type === 'started') {
      io.progress(`${name}: 0/${event.totalUnits} seed runs on ${event.workers} workers`);
    } else if (event.type === 'progress') {
      const left = event.remainingMs === undefined ? '' : `, about ${formatRemaining(event.remainingMs)} left`;
      io.progress(`${name}: ${event.completed}/${event.total} seed runs${left}`);
    }
  });

  const onInterrupt = () => {
    io.progress('');
    io.stderr(`${name}: stopping; the seeds that finished are kept`);
    handle.cancel();
  };
  process.on('SIGINT', onInterrupt);
  let outcome: CheckOutcome;
  try {
    outcome = await handle.done;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    io.progress('');
  }

  if (outcome.status === 'failed') {
    io.stderr(`${name}: check failed: ${outcome.error ?? 'no reason given'}`);
    if (outcome.log) {
      io.stderr(`${name}: last output of the worker:`);
      for (const line of outcome.log.split('\n')) {
        io.stderr(`  ${line}`);
      }
    }
  } else if (outcome.partial) {
    io.stderr(`${name}: stopped early; the output holds ${outcome.completedUnits} of ${outcome.totalUnits} seed runs`);
  }

  if (options.store !== false && request.specPath) {
    const bounds: (RecordedBounds | undefined)[] = experiment.points.map((entry) =>
      entry.bounds ? { preset: entry.bounds.preset, single: entry.bounds.single.value, multi: entry.bounds.multi.value } : undefined,
    );
    const points = experiment.points.map((entry) =>
      request.seeds ? { ...entry.point, check: { ...entry.point.check, seeds: [...request.seeds] } } : entry.point,
    );
    const root = findWorkspaceRoot(request.specPath);
    try {
      writeRecord(root, buildRecord({ outcome, points, bounds, workspaceRoot: root, specPath: request.specPath }));
    } catch (error) {
      io.stderr(`${name}: the result was not stored: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return outcome;
}
