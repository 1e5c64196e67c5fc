/**
 * Messages of the check runner. Two layers share this file:
 *
 * - check events (`CheckEvent`), which the supervisor sends to its caller
 *   (the language server or the CLI): started, progress, partial,
 *   finished, failed;
 * - worker messages (`ToWorker`, `FromWorker`), which cross the IPC
 *   channel between the supervisor and its child processes.
 *
 * Every message is plain JSON data, so it survives `process.send`
 * (structured as JSON) unchanged.
 */
import type { AnalysisOptions } from '../core/analysis';
import type { ExperimentCheck, SeedResult } from '../core/simulation/types';
import type { BackendStatus } from './backends';

/** A request to run one experiment's check. */
export interface CheckRequest {
  /** Full text of the spec; workers analyse it again to get the points. */
  specText: string;
  /** Path of the spec file, recorded in results (absent for unsaved text). */
  specPath?: string;
  /** Name of the experiment to check. */
  experiment: string;
  /** Seeds to run instead of the experiment's own `check { seeds }`. */
  seeds?: number[];
  /** Number of worker processes (default: os.availableParallelism()). */
  workers?: number;
  /** Compute backend to force for deep models (`auto` or absent: best available). */
  backend?: string;
  /** Wall-clock limit for the whole check in milliseconds (absent: none). */
  timeLimitMs?: number;
  /** Options passed to `analyze` in the workers (preset, delta and C defaults). */
  analysisOptions?: AnalysisOptions;
}

/** Versions that a result records, so that a reader knows what produced it. */
export interface RunnerVersions {
  msbound: string;
  node: string;
  /** TensorFlow.js core version, when a deep model ran. */
  tfjs?: string;
  /** Version of the package behind the backend, when a deep model ran. */
  backendPackage?: string;
}

/** Wall times of one check, in milliseconds. */
export interface RunnerTimings {
  /** From `startCheck` to the end, including process start-up. */
  wallMs: number;
  /** From the first unit sent to the last result received. */
  computeMs: number;
  /** Time until every worker reported ready (process start and analysis). */
  startupMs: number;
}

export type CheckStatus = 'finished' | 'cancelled' | 'failed';

/** A faster backend that a check passed over, with the reason it could not be used. */
export interface SkippedBackend {
  name: string;
  reason: string;
}

/** Result of a check: the value of `startCheck(...).done`, which never rejects. */
export interface CheckOutcome {
  status: CheckStatus;
  experiment: string;
  /**
   * Summaries and verdicts over the seeds that finished. Absent only when
   * no seed finished (a failure before the first result, or a cancel
   * while queued).
   */
  check?: ExperimentCheck;
  /** True when `check` contains fewer seed runs than requested. */
  partial: boolean;
  /** Seeds requested per point, and units (point x seed) in all. */
  seeds: number[];
  totalUnits: number;
  completedUnits: number;
  /** Configuration hash of the points that ran (see store.ts), absent when the spec could not be analysed. */
  configHash?: string;
  /** Backend name that ran (`js` for closed-form Gaussian checks). */
  backend: string;
  /** Backends preferred over `backend` that could not be used, each with the reason (empty for `js`). */
  skippedBackends: SkippedBackend[];
  versions: RunnerVersions;
  timings: RunnerTimings;
  workers: number;
  /** Set when status is `failed`: one sentence with the cause and a fix. */
  error?: string;
  /** Last lines of the failing worker's stderr, when a worker failed. */
  log?: string;
}

/** Events sent to the caller of `startCheck`, in this order: started, (progress | partial)*, finished | failed. */
export type CheckEvent =
  | {
      type: 'started';
      experiment: string;
      totalUnits: number;
      points: number;
      seeds: number;
      workers: number;
      /** Process ids of the workers (empty when the check ends before any starts). */
      pids: number[];
    }
  | {
      type: 'progress';
      experiment: string;
      completed: number;
      total: number;
      elapsedMs: number;
      /** Estimated milliseconds left, from the rate so far (absent before the first result). */
      remainingMs?: number;
    }
  | { type: 'partial'; experiment: string; results: UnitResult[] }
  | { type: 'finished'; outcome: CheckOutcome }
  | { type: 'failed'; outcome: CheckOutcome };

/** One unit of work: one seed at one sweep point. */
export interface WorkUnit {
  /** Index into the experiment's points (sweep order). */
  point: number;
  seed: number;
}

export interface UnitResult extends WorkUnit {
  result: SeedResult;
}

/** Supervisor to worker. */
export type ToWorker =
  | {
      type: 'init';
      /** Id of the check. The worker copies it into every message, so that late messages about an earlier check are ignored. */
      check: number;
      specText: string;
      experiment: string;
      analysisOptions?: AnalysisOptions;
      backend?: string;
    }
  | { type: 'run'; batch: number; units: WorkUnit[] }
  | { type: 'stop' }
  /** Probe every compute backend in the worker's process (for `msbound doctor`). */
  | { type: 'probe' };

/** Worker to supervisor. `check` is the id of the latest `init` message. */
export type FromWorker = { check: number } & (
  | { type: 'ready'; points: number; pointKinds: ('gaussian' | 'deep')[]; configHash: string }
  | { type: 'backend'; backend: string; versions: Partial<RunnerVersions>; skipped: SkippedBackend[] }
  | { type: 'results'; batch: number; results: UnitResult[]; final: boolean }
  | { type: 'error'; message: string; unit?: WorkUnit }
  | { type: 'probed'; report: BackendProbe }
);

/** Compute backends as a worker sees them. */
export interface BackendProbe {
  backends: BackendStatus[];
  /** TensorFlow.js version bundled into the worker. */
  tfjs?: string;
  /** Folder the WASM binaries load from, when found. */
  wasmFolder?: string;
}

/** Narrows an unknown IPC message to a worker message, by its `type` tag. */
export function isFromWorker(message: unknown): message is FromWorker {
  if (typeof message !== 'object' || message === null) {
    return false;
  }
  const type = (message as { type?: unknown }).type;
  return type === 'ready' || type === 'backend' || type === 'results' || type === 'error' || type === 'probed';
}

/** Narrows an unknown IPC message to a supervisor message, by its `type` tag. */
export function isToWorker(message: unknown): message is ToWorker {
  if (typeof message !== 'object' || message === null) {
    return false;
  }
  const type = (message as { type?: unknown }).type;
  return type === 'init' || type === 'run' || type === 'stop' || type === 'probe';
}
