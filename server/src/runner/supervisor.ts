/**
 * The check supervisor: runs one experiment's check in child processes
 * (dist/worker.js), splits the seeds across them, and aggregates the
 * per-seed results into an `ExperimentCheck` with the simulation's
 * `summarizePoint` and `sweepVerdicts`.
 *
 * Guarantees, whatever happens (finished, cancelled, a worker crash, the
 * time limit, a failure in the analysis):
 * - `done` resolves exactly once and never rejects;
 * - the caller receives `started` first and exactly one terminal event
 *   (`finished` or `failed`) last;
 * - after a stop (cancel, failure, time limit) every worker of the check
 *   has exited before `done` resolves; after a normal end the workers go
 *   back to a warm pool (see pool.ts) for the next check;
 * - seeds that finished before a stop are kept, in a result marked partial.
 *
 * Checks run one at a time (a FIFO queue per process), because each one
 * already uses every core it is given.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, type Analysis, type AnalysisOptions } from '../core/analysis';
import type { ResolvedPoint } from '../core/semantics/model';
import { summarizePoint, sweepVerdicts } from '../core/simulation/index';
import type { ExperimentCheck, PointCheck, SeedResult } from '../core/simulation/types';
import {
  isFromWorker,
  type BackendProbe,
  type CheckEvent,
  type CheckOutcome,
  type CheckRequest,
  type CheckStatus,
  type RunnerVersions,
  type SkippedBackend,
  type ToWorker,
  type UnitResult,
  type WorkUnit,
} from './protocol';
import { parseBackendName } from './backend-names';
import { outputTail, WorkerPool, type PooledWorker, type WorkerOwner } from './pool';
import { configurationHash } from './store';
import { baseVersions } from './versions';

export interface CheckHandle {
  /** Stops the check; finished seeds are kept as a partial result. Safe to call at any time, any number of times. */
  cancel(): void;
  /** Resolves once, when the check's workers are back in the pool or, after a stop, have exited. Never rejects. */
  done: Promise<CheckOutcome>;
}

/** Time a stopping worker gets to report finished seeds before it is killed, in milliseconds. */
const STOP_GRACE_MS = 400;

/** Target wall time of one batch of units, in milliseconds: long enough to amortise IPC, short enough to stop within a second. */
const BATCH_TARGET_MS = 60;

/** Upper bound on units per batch, to keep messages small. */
const MAX_BATCH_UNITS = 256;

/** Smallest interval between two progress events, in milliseconds. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Path of the worker script. `MSBOUND_WORKER_PATH` overrides it (tests);
 * otherwise dist/worker.js next to the running bundle, else the
 * repository's dist/ when running from sources.
 */
export function resolveWorkerPath(): string {
  const override = process.env.MSBOUND_WORKER_PATH;
  if (override) {
    return override;
  }
  const candidates = [path.join(__dirname, 'worker.js'), path.resolve(__dirname, '..', '..', '..', 'dist', 'worker.js')];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

/** Default worker count: one per core the process may use. */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

let lastAnalysis: { key: string; analysis: Analysis } | undefined;

/**
 * Analysis of a spec text, reused while the text and options stay the
 * same: checking every experiment of a file analyses it once.
 */
export function cachedAnalysis(specText: string, options: AnalysisOptions | undefined): Analysis {
  const key = `${JSON.stringify(options ?? {})}\u0000${specText}`;
  if (lastAnalysis?.key !== key) {
    lastAnalysis = { key, analysis: analyze(specText, options) };
  }
  return lastAnalysis.analysis;
}

/** The resolved points of one experiment, with the seeds of the request applied. */
export type PointsResult =
  /** `specHash`: configuration hash of the points as the spec states them, before a seed override. */
  | { ok: true; points: ResolvedPoint[]; specHash: string }
  | { ok: false; error: string };

/**
 * Analyses the spec text and returns the experiment's points, or a
 * sentence saying why it cannot be checked.
 */
export function experimentPoints(request: Pick<CheckRequest, 'specText' | 'experiment' | 'seeds' | 'analysisOptions'>): PointsResult {
  const analysis = cachedAnalysis(request.specText, request.analysisOptions);
  const experiment = analysis.experiments.find((candidate) => candidate.experiment.name === request.experiment);
  if (!experiment) {
    const names = analysis.experiments.map((candidate) => candidate.experiment.name);
    return {
      ok: false,
      error: `experiment '${request.experiment}' is not in the spec; it declares ${names.length === 0 ? 'no experiment' : names.map((name) => `'${name}'`).join(', ')}`,
    };
  }
  const span = experiment.experiment.span;
  // Theory findings (MSB1xx, such as a refuted claim) do not stop a check: the check is how one tests them.
  const errors = analysis.diagnostics.filter(
    (d) => d.severity === 'error' && !d.code.startsWith('MSB1') && d.span.start >= span.start && d.span.end <= span.end,
  );
  if (errors.length > 0) {
    const first = errors[0];
    const at = analysis.lines.position(first.span.start);
    return {
      ok: false,
      error: `experiment '${request.experiment}' has ${errors.length} error(s); fix them first (${first.code} at ${at.line + 1}:${at.column + 1}: ${first.message})`,
    };
  }
  if (experiment.points.length === 0) {
    return { ok: false, error: `experiment '${request.experiment}' has no valid configuration to check` };
  }
  const points = experiment.points.map((entry) =>
    request.seeds ? { ...entry.point, check: { ...entry.point.check, seeds: [...request.seeds] } } : entry.point,
  );
  return { ok: true, points, specHash: configurationHash(experiment.points.map((entry) => entry.point)) };
}

/**
 * Aggregates per-seed results into an experiment check. Points without any
 * finished seed are left out; sweep verdicts use the points that have one.
 */
export function aggregate(experiment: string, points: ResolvedPoint[], results: Map<number, SeedResult[]>, partial: boolean): ExperimentCheck {
  const checked: { point: ResolvedPoint; check: PointCheck }[] = [];
  points.forEach((point, index) => {
    const seeds = results.get(index);
    if (seeds && seeds.length > 0) {
      // Back into the order of the point's seed list, since workers finish batches in any order.
      const order = new Map(point.check.seeds.map((seed, position) => [seed, position]));
      const ordered = [...seeds].sort((a, b) => (order.get(a.seed) ?? 0) - (order.get(b.seed) ?? 0));
      checked.push({ point, check: summarizePoint(point, ordered) });
    }
  });
  return {
    experiment,
    points: checked.map((entry) => entry.check),
    verdicts: checked.length > 0 ? sweepVerdicts(checked) : [],
    partial,
  };
}

let checkCounter = 0;

/** Workers shared by every check of this process. */
const pool = new WorkerPool();

/**
 * Sets how long idle workers stay warm for the next check, in
 * milliseconds (0: stop them after each check).
 */
export function setWorkerIdleTimeout(ms: number): void {
  pool.idleMs = ms;
}

/** Stops every worker of this process and waits for them to exit (on shutdown, and in tests). */
export function shutdownWorkers(): Promise<void> {
  return pool.shutdown();
}

/**
 * Starts `count` workers (default: one per core) ahead of the first check,
 * when the worker script exists. The language server calls this once a
 * spec is open; idle workers stop after the idle timeout.
 */
export function prewarmWorkers(count: number = defaultWorkers()): void {
  const workerPath = resolveWorkerPath();
  if (existsSync(workerPath)) {
    pool.prewarm(Math.max(1, Math.floor(count)), workerPath);
  }
}

/**
 * Probes the compute backends in a fresh worker process, which loads the
 * same packages as the workers that train deep models, and keeps
 * TensorFlow.js out of the caller's process. Rejects with the reason when
 * the worker is missing, fails or does not reply within `timeoutMs`.
 */
export function probeBackends(timeoutMs = 120_000): Promise<BackendProbe> {
  const workerPath = resolveWorkerPath();
  if (!existsSync(workerPath)) {
    return Promise.reject(new Error(`the check worker ${workerPath} is missing; run \`npm run build\` to create it`));
  }
  return new Promise<BackendProbe>((resolve, reject) => {
    const child = fork(workerPath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
    const output: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    let settled = false;
    const settle = (action: () => void) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        action();
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`the backend probe timed out after ${timeoutMs / 1000} s`))), timeoutMs);
    child.on('message', (message) => {
      if (!isFromWorker(message)) {
        return;
      }
      if (message.type === 'probed') {
        settle(() => resolve(message.report));
      } else if (message.type === 'error') {
        settle(() => reject(new Error(`the backend probe failed: ${message.message}`)));
      }
    });
    child.on('exit', (code, signal) => {
      const log = output.join('').trim();
      settle(() => reject(new Error(`the backend probe exited with ${signal ? `signal ${signal}` : `code ${code}`}${log ? `: ${log}` : ''}`)));
    });
    child.send({ type: 'probe' } satisfies ToWorker);
  });
}

/** Number of warm idle workers (for tests and `msbound doctor`). */
export function idleWorkerCount(): number {
  return pool.idleCount;
}

interface QueueEntry {
  run(): Promise<void>;
}

const queue: QueueEntry[] = [];
let running = false;

async function drain(): Promise<void> {
  if (running) {
    return;
  }
  running = true;
  try {
    while (queue.length > 0) {
      const entry = queue.shift()!;
      await entry.run();
    }
  } finally {
    running = false;
  }
}

/**
 * Starts (or queues) a check. `onEvent` receives `started`, progress and
 * partial results, then `finished` or `failed`; exceptions thrown by
 * `onEvent` are caught so that they cannot break the run.
 */
export function startCheck(request: CheckRequest, onEvent: (event: CheckEvent) => void): CheckHandle {
  const run = new CheckRun(request, onEvent);
  let resolveDone!: (outcome: CheckOutcome) => void;
  const done = new Promise<CheckOutcome>((resolve) => {
    resolveDone = resolve;
  });
  const entry: QueueEntry = {
    run: async () => {
      resolveDone(await run.execute());
    },
  };
  queue.push(entry);
  void drain();
  const cancel = () => {
    run.cancel();
    // A check still waiting in the queue ends at once instead of when its turn comes.
    const index = queue.indexOf(entry);
    if (index >= 0) {
      queue.splice(index, 1);
      void entry.run();
    }
  };
  return { cancel, done };
}

interface WorkerState {
  /** 0-based position of the worker in this check. */
  index: number;
  worker: PooledWorker;
  ready: boolean;
  /** Batches sent whose final results message has not arrived yet. */
  inFlight: Map<number, WorkUnit[]>;
}

/** One check from start to end. Private to this module. */
class CheckRun implements WorkerOwner {
  /** Unique in this process; workers echo it. */
  private readonly id = ++checkCounter;
  private readonly startedAt = Date.now();
  private readonly versions: RunnerVersions = baseVersions();
  private backend = 'js';
  private skippedBackends: SkippedBackend[] = [];
  private points: ResolvedPoint[] = [];
  private specHash = '';
  private readonly results = new Map<number, SeedResult[]>();
  private completed = 0;
  private total = 0;
  private pending: WorkUnit[] = [];
  private workers: WorkerState[] = [];
  private readonly states = new Map<PooledWorker, WorkerState>();
  private nextBatch = 1;
  private batchSize = 1;
  private computeStartedAt: number | undefined;
  private computeEndedAt: number | undefined;
  private readyAt: number | undefined;
  private lastProgressAt = 0;
  private stopReason: { status: CheckStatus; error?: string; log?: string } | undefined;
  private cancelled = false;
  /** Set once the run has ended and workers are being released or stopped on purpose. */
  private stopping = false;
  private settle: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private request: CheckRequest,
    private readonly onEvent: (event: CheckEvent) => void,
  ) {}

  cancel(): void {
    this.cancelled = true;
    this.stop({ status: 'cancelled' });
  }

  async execute(): Promise<CheckOutcome> {
    const prepared = this.cancelled ? undefined : this.prepare();
    this.emit({
      type: 'started',
      experiment: this.request.experiment,
      totalUnits: this.total,
      points: this.points.length,
      seeds: this.points[0]?.check.seeds.length ?? 0,
      workers: this.workers.length,
      pids: this.workers.map((state) => state.worker.child.pid ?? 0),
    });

    if (this.cancelled) {
      await this.stopWorkers();
      return this.finish({ status: 'cancelled' });
    }
    if (prepared && !prepared.ok) {
      return this.finish({ status: 'failed', error: prepared.error });
    }

    await new Promise<void>((resolve) => {
      this.settle = resolve;
      if (this.stopReason || this.pending.length === 0) {
        resolve();
      }
    });
    this.stopping = true;
    await this.stopWorkers();
    return this.finish(this.stopReason ?? { status: 'finished' });
  }

  /** Analyses the spec, builds the units and takes workers from the pool. */
  private prepare(): { ok: true } | { ok: false; error: string } {
    let resolved: PointsResult;
    try {
      resolved = experimentPoints(this.request);
    } catch (error) {
      return { ok: false, error: `the spec could not be analysed: ${String(error)}` };
    }
    if (!resolved.ok) {
      return resolved;
    }
    this.points = resolved.points;
    this.specHash = resolved.specHash;

    // Seed-major order, so that a partial result covers every point evenly.
    const seedCount = Math.max(...this.points.map((point) => point.check.seeds.length));
    for (let s = 0; s < seedCount; s++) {
      this.points.forEach((point, index) => {
        if (s < point.check.seeds.length) {
          this.pending.push({ point: index, seed: point.check.seeds[s] });
        }
      });
    }
    this.total = this.pending.length;
    if (this.total === 0) {
      return { ok: false, error: `experiment '${this.request.experiment}' has no seeds to run; set check { seeds = ... }` };
    }

    const backend = parseBackendName(this.request.backend);
    if (typeof backend === 'object') {
      return { ok: false, error: backend.error };
    }
    // A limit from the caller (CLI flag, editor setting) wins over the spec's `check { time_limit }`.
    const specLimit = this.points[0]?.check.extra?.time_limit;
    if (this.request.timeLimitMs === undefined && typeof specLimit === 'number') {
      this.request = { ...this.request, timeLimitMs: specLimit * 1000 };
    }
    const limit = this.request.timeLimitMs;
    if (limit !== undefined && !(Number.isFinite(limit) && limit > 0)) {
      return { ok: false, error: `the time limit must be a positive number of milliseconds, not ${limit}` };
    }

    const workerPath = resolveWorkerPath();
    if (!existsSync(workerPath)) {
      return { ok: false, error: `the check worker ${workerPath} is missing; run \`npm run build\` to create it` };
    }
    const requested = this.request.workers ?? defaultWorkers();
    if (!Number.isFinite(requested) || requested < 1) {
      return { ok: false, error: `the number of workers must be a whole number of at least 1, not ${requested}` };
    }
    const count = Math.max(1, Math.min(Math.floor(requested), this.total));
    if (this.request.timeLimitMs !== undefined && this.request.timeLimitMs > 0) {
      this.timer = setTimeout(() => {
        const seconds = Number((this.request.timeLimitMs! / 1000).toFixed(3));
        this.stop({
          status: 'failed',
          error: `the check of '${this.request.experiment}' exceeded its time limit of ${seconds} s; the seed runs finished by then are kept as a partial result; raise the limit or run fewer seeds`,
        });
      }, this.request.timeLimitMs);
    }

    const init: ToWorker = {
      type: 'init',
      check: this.id,
      specText: this.request.specText,
      experiment: this.request.experiment,
      analysisOptions: this.request.analysisOptions,
      backend: this.request.backend,
    };
    pool.acquire(count, workerPath, this).forEach((worker, index) => {
      const state: WorkerState = { index, worker, ready: false, inFlight: new Map() };
      this.workers.push(state);
      this.states.set(worker, state);
      sendQuietly(worker.child, init);
    });
    return { ok: true };
  }

  onExit(worker: PooledWorker, code: number | null, signal: NodeJS.Signals | null): void {
    const state = this.states.get(worker);
    if (!state || this.stopping || this.stopReason) {
      return;
    }
    const units = [...state.inFlight.values()].flat();
    const during = units.length > 0 ? ` while running seed ${units[0].seed} of point ${units[0].point + 1}` : '';
    this.stop({
      status: 'failed',
      error: `worker ${state.index + 1} (pid ${worker.child.pid}) exited with ${signal ? `signal ${signal}` : `code ${code}`}${during}; the seed runs finished before that are kept as a partial result`,
      log: outputTail(worker),
    });
  }

  onMessage(worker: PooledWorker, message: unknown): void {
    const state = this.states.get(worker);
    if (!state || !isFromWorker(message) || message.check !== this.id) {
      return;
    }
    switch (message.type) {
      case 'ready': {
        state.ready = true;
        // The worker resolves the points itself; they must be the very ones the supervisor planned.
        if (message.points !== this.points.length || message.configHash !== this.specHash) {
          this.stop({
            status: 'failed',
            error: `worker ${state.index + 1} resolved other points (${message.points}) than the supervisor (${this.points.length}) from the same text and options; run the check again, and report it if it persists`,
          });
          return;
        }
        if (this.readyAt === undefined) {
          this.readyAt = Date.now();
        }
        // Two batches in flight per worker, so that the next batch is already queued when a worker finishes one.
        this.feed(state);
        this.feed(state);
        return;
      }
      case 'backend': {
        this.backend = message.backend;
        this.skippedBackends = message.skipped;
        Object.assign(this.versions, message.versions);
        return;
      }
      case 'results': {
        this.accept(message.results);
        if (message.final) {
          state.inFlight.delete(message.batch);
          this.feed(state);
          this.checkDone();
        }
        return;
      }
      case 'error': {
        const where = message.unit ? ` at seed ${message.unit.seed} of point ${message.unit.point + 1}` : '';
        this.stop({
          status: 'failed',
          error: `worker ${state.index + 1} failed${where}: ${message.message}`,
          log: outputTail(worker),
        });
        return;
      }
    }
  }

  /** Sends the next batch to a ready worker, sized from the measured time per unit. */
  private feed(state: WorkerState): void {
    if (this.stopReason || !state.ready || state.worker.exited || this.pending.length === 0) {
      return;
    }
    if (this.computeStartedAt === undefined) {
      this.computeStartedAt = Date.now();
    }
    const size = Math.max(1, Math.min(this.batchSize, this.pending.length));
    const units = this.pending.splice(0, size);
    const batch = this.nextBatch++;
    state.inFlight.set(batch, units);
    const message: ToWorker = { type: 'run', batch, units };
    if (!sendQuietly(state.worker.child, message)) {
      // The worker is gone; its exit handler reports the failure.
      this.pending.unshift(...units);
      state.inFlight.delete(batch);
    }
  }

  private accept(results: UnitResult[]): void {
    if (results.length === 0) {
      return;
    }
    for (const entry of results) {
      const list = this.results.get(entry.point) ?? [];
      list.push(entry.result);
      this.results.set(entry.point, list);
    }
    this.completed += results.length;

    // Size batches so that one takes about BATCH_TARGET_MS on one worker.
    const now = Date.now();
    const elapsed = Math.max(1, now - (this.computeStartedAt ?? this.startedAt));
    const perUnitMs = (elapsed * Math.max(1, this.workers.length)) / this.completed;
    this.batchSize = Math.max(1, Math.min(MAX_BATCH_UNITS, Math.floor(BATCH_TARGET_MS / Math.max(perUnitMs, 1e-3))));

    this.emit({ type: 'partial', experiment: this.request.experiment, results });
    if (now - this.lastProgressAt >= PROGRESS_INTERVAL_MS || this.completed === this.total) {
      this.lastProgressAt = now;
      const rate = this.completed / elapsed;
      this.emit({
        type: 'progress',
        experiment: this.request.experiment,
        completed: this.completed,
        total: this.total,
        elapsedMs: now - this.startedAt,
        remainingMs: Math.round((this.total - this.completed) / rate),
      });
    }
  }

  private checkDone(): void {
    if (this.completed >= this.total && this.pending.length === 0) {
      this.computeEndedAt = Date.now();
      this.settle?.();
    }
  }

  /** Records why the run stops (first reason wins) and lets `execute` go on. */
  private stop(reason: { status: CheckStatus; error?: string; log?: string }): void {
    if (this.stopReason) {
      return;
    }
    if (reason.status === 'failed' && !reason.log) {
      const log = this.workers
        .map((state) => outputTail(state.worker))
        .filter(Boolean)
        .join('\n');
      reason = { ...reason, log: log || undefined };
    }
    this.stopReason = reason;
    this.computeEndedAt = Date.now();
    this.pending = [];
    this.settle?.();
  }

  /**
   * After a normal end, returns the workers to the pool. After a stop,
   * sends every worker a stop message, waits up to STOP_GRACE_MS for the seeds in
   * flight, then kills them all and waits for every exit.
   */
  private async stopWorkers(): Promise<void> {
    this.stopping = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    if (!this.stopReason) {
      for (const state of this.workers) {
        pool.release(state.worker);
      }
      return;
    }
    const live = this.workers.filter((state) => !state.worker.exited);
    for (const state of live) {
      sendQuietly(state.worker.child, { type: 'stop' });
    }
    const deadline = Date.now() + STOP_GRACE_MS;
    while (Date.now() < deadline && live.some((state) => state.inFlight.size > 0 && state.ready && !state.worker.exited)) {
      await delay(10);
    }
    for (const state of this.workers) {
      pool.discard(state.worker);
    }
    await Promise.all(this.workers.map((state) => state.worker.exitPromise));
  }

  private finish(reason: { status: CheckStatus; error?: string; log?: string }): CheckOutcome {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    const partial = this.completed < this.total || reason.status !== 'finished';
    let check: ExperimentCheck | undefined;
    let status = reason.status;
    let error = reason.error;
    if (this.completed > 0) {
      try {
        check = aggregate(this.request.experiment, this.points, this.results, partial);
      } catch (failure) {
        status = 'failed';
        error = `the results could not be summarised: ${failure instanceof Error ? failure.message : String(failure)}`;
      }
    }
    const now = Date.now();
    const outcome: CheckOutcome = {
      status,
      experiment: this.request.experiment,
      check,
      partial,
      seeds: this.points[0]?.check.seeds ?? [],
      totalUnits: this.total,
      completedUnits: this.completed,
      configHash: this.points.length > 0 ? configurationHash(this.points) : undefined,
      backend: this.backend,
      skippedBackends: this.skippedBackends,
      versions: this.versions,
      timings: {
        wallMs: now - this.startedAt,
        computeMs: (this.computeEndedAt ?? now) - (this.computeStartedAt ?? now),
        startupMs: (this.readyAt ?? now) - this.startedAt,
      },
      workers: this.workers.length,
      error,
      log: reason.log,
    };
    this.emit(status === 'failed' ? { type: 'failed', outcome } : { type: 'finished', outcome });
    return outcome;
  }

  private emit(event: CheckEvent): void {
    try {
      this.onEvent(event);
    } catch {
      // A failing listener must not break the run or leave workers behind.
    }
  }
}

/** Sends a message if the channel is open; returns whether it was sent. */
function sendQuietly(child: ChildProcess, message: ToWorker): boolean {
  try {
    if (child.connected) {
      child.send(message);
      return true;
    }
  } catch {
    // The worker is gone; its exit is reported by the pool.
  }
  return false;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
