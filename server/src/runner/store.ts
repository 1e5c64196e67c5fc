/**
 * The results store: one JSON file per check run under
 * `<workspace>/.msbound/results/`.
 *
 * - Writes are atomic: the record goes to a temporary file in the same
 *   folder, is flushed to disk (fsync), then renamed over its final name,
 *   and the folder is flushed, so a crash leaves either the whole record
 *   or none of it, never half a file.
 * - Runs never overwrite each other: every record gets a unique id (time
 *   stamp plus random suffix), and the rename refuses an existing name.
 * - Reading never fails because of one bad file: corrupt or unreadable
 *   records are returned as problems beside the good ones.
 * - A record is stale when the configuration hash of the experiment in
 *   the current spec differs from the hash stored in the record; the hash
 *   covers the resolved points (every number the check uses), not the
 *   text, so reformatting or comments do not make results stale.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResolvedPoint } from '../core/semantics/model';
import type { ExperimentCheck } from '../core/simulation/types';
import type { CheckOutcome, CheckStatus, RunnerTimings, RunnerVersions } from './protocol';
import { MSBOUND_VERSION } from './versions';

/** Identifies the file format; readers skip files with another tag. */
export const RECORD_FORMAT = 'msbound-check-result';

/** Version of the record layout; raise it when a field changes meaning. */
export const RECORD_FORMAT_VERSION = 1;

/** Bound values at one point, as the analysis computed them when the check ran. */
export interface RecordedBounds {
  preset: string;
  single: number;
  multi: number;
}

/** One stored check run. */
export interface ResultRecord {
  format: typeof RECORD_FORMAT;
  formatVersion: number;
  /** Unique id, also the file name without `.json`. */
  id: string;
  /** ISO 8601 time at which the run ended. */
  createdAt: string;
  /** Spec path relative to the workspace root, with `/` separators (absent for unsaved text). */
  spec?: string;
  experiment: string;
  /** SHA-256 of the normalised resolved points (see `configurationHash`). */
  configHash: string;
  /** msbound version that ran the check. */
  engineVersion: string;
  status: CheckStatus;
  partial: boolean;
  seeds: number[];
  totalUnits: number;
  completedUnits: number;
  workers: number;
  backend: string;
  versions: RunnerVersions;
  timings: RunnerTimings;
  /** Swept values and bounds of every point, in sweep order. */
  points: { sweepValues: Record<string, number>; bounds?: RecordedBounds }[];
  /** Per-seed values, summaries and verdicts (absent when no seed finished). */
  check?: ExperimentCheck;
  error?: string;
  log?: string;
}

/** A file in the store that could not be used, and why. */
export interface StoreProblem {
  file: string;
  reason: string;
}

export interface StoreListing {
  records: ResultRecord[];
  problems: StoreProblem[];
}

/** Folder of the store for a workspace root. */
export function storeFolder(workspaceRoot: string): string {
  return path.join(workspaceRoot, '.msbound', 'results');
}

/**
 * Workspace root of a spec: the nearest ancestor folder (the spec's own
 * folder first) that holds `.msbound`, else the nearest that holds `.git`
 * or `package.json`, else the spec's folder. The language server and the
 * CLI use the same rule, so both see the same results.
 */
export function findWorkspaceRoot(specPath: string): string {
  const start = path.dirname(path.resolve(specPath));
  const ancestors: string[] = [];
  for (let folder = start; ; folder = path.dirname(folder)) {
    ancestors.push(folder);
    if (path.dirname(folder) === folder) {
      break;
    }
  }
  const withStore = ancestors.find((folder) => fs.existsSync(path.join(folder, '.msbound')));
  if (withStore) {
    return withStore;
  }
  const withProject = ancestors.find((folder) => fs.existsSync(path.join(folder, '.git')) || fs.existsSync(path.join(folder, 'package.json')));
  return withProject ?? start;
}

/** Spec path as stored: relative to the root, `/`-separated. */
export function storedSpecPath(workspaceRoot: string, specPath: string): string {
  return path.relative(workspaceRoot, path.resolve(specPath)).split(path.sep).join('/');
}

/**
 * JSON text with object keys sorted at every level, so that equal data
 * gives equal text whatever the order in which fields were set.
 * Non-finite numbers become the strings "NaN", "Infinity", "-Infinity".
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  }
  if (value === null || typeof value !== 'object') {
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => compareText(a, b));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
}

/**
 * Configuration hash of an experiment: SHA-256 (hex) of the canonical JSON
 * of its resolved points (sample sizes, weights, model settings, preset,
 * delta, C, seeds, test samples, sweep values). Two specs that resolve to
 * the same numbers share a hash; any change of a number changes it.
 */
export function configurationHash(points: ResolvedPoint[]): string {
  return createHash('sha256').update(canonicalJson(points)).digest('hex');
}

/** Creates a unique record id: a UTC time stamp (sortable) plus 48 random bits. */
export function newRecordId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${randomBytes(6).toString('hex')}`;
}

/** Builds a record from a finished check. */
export function buildRecord(args: {
  outcome: CheckOutcome;
  points: ResolvedPoint[];
  bounds?: (RecordedBounds | undefined)[];
  workspaceRoot?: string;
  specPath?: string;
  now?: Date;
}): ResultRecord {
  const now = args.now ?? new Date();
  const { outcome } = args;
  return {
    format: RECORD_FORMAT,
    formatVersion: RECORD_FORMAT_VERSION,
    id: newRecordId(now),
    createdAt: now.toISOString(),
    spec: args.specPath && args.workspaceRoot ? storedSpecPath(args.workspaceRoot, args.specPath) : undefined,
    experiment: outcome.experiment,
    // The hash of what actually ran, when the runner reports it.
    configHash: outcome.configHash ?? configurationHash(args.points),
    engineVersion: MSBOUND_VERSION,
    status: outcome.status,
    partial: outcome.partial,
    seeds: outcome.seeds,
    totalUnits: outcome.totalUnits,
    completedUnits: outcome.completedUnits,
    workers: outcome.workers,
    backend: outcome.backend,
    versions: outcome.versions,
    timings: outcome.timings,
    points: args.points.map((point, index) => ({ sweepValues: point.sweepValues, bounds: args.bounds?.[index] })),
    check: outcome.check,
    error: outcome.error,
    log: outcome.log,
  };
}

/**
 * Writes a record atomically and returns its file path. Throws (with the
 * path in the message) only when the disk refuses the write; the store is
 * then unchanged.
 */
export function writeRecord(workspaceRoot: string, record: ResultRecord): string {
  const folder = storeFolder(workspaceRoot);
  fs.mkdirSync(folder, { recursive: true });
  const target = path.join(folder, `${record.id}.json`);
  const temporary = path.join(folder, `.${record.id}.${process.pid}.tmp`);
  const text = `${JSON.stringify(record, null, 1)}\n`;

  const handle = fs.openSync(temporary, 'wx');
  try {
    fs.writeSync(handle, text);
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }

  // Never replace another run's record: ids are unique, and a clash is an error.
  if (fs.existsSync(target)) {
    fs.rmSync(temporary, { force: true });
    throw new Error(`result ${target} already exists; the run was not stored`);
  }
  fs.renameSync(temporary, target);
  syncFolder(folder);
  return target;
}

/** Flushes a folder's entries to disk where the platform allows it (not on Windows). */
function syncFolder(folder: string): void {
  let handle: number | undefined;
  try {
    handle = fs.openSync(folder, 'r');
    fs.fsyncSync(handle);
  } catch {
    // Folders cannot be opened for fsync on Windows; the rename is still atomic.
  } finally {
    if (handle !== undefined) {
      fs.closeSync(handle);
    }
  }
}

/** Checks the fields that readers rely on; returns the reason when one is wrong. */
export function validateRecord(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a JSON object';
  }
  const record = value as Partial<ResultRecord>;
  if (record.format !== RECORD_FORMAT) {
    return `field "format" is not "${RECORD_FORMAT}"`;
  }
  if (typeof record.formatVersion !== 'number' || record.formatVersion > RECORD_FORMAT_VERSION) {
    return `format version ${String(record.formatVersion)} is newer than this msbound reads (${RECORD_FORMAT_VERSION}); update msbound`;
  }
  const strings: (keyof ResultRecord)[] = ['id', 'createdAt', 'experiment', 'configHash', 'status', 'backend'];
  for (const key of strings) {
    if (typeof record[key] !== 'string') {
      return `field "${key}" is missing or not a string`;
    }
  }
  if (Number.isNaN(Date.parse(record.createdAt!))) {
    return `field "createdAt" is not a date`;
  }
  if (!Array.isArray(record.seeds) || !Array.isArray(record.points)) {
    return 'field "seeds" or "points" is missing or not a list';
  }
  if (typeof record.partial !== 'boolean') {
    return 'field "partial" is missing or not true/false';
  }
  if (record.check !== undefined && (typeof record.check !== 'object' || !Array.isArray(record.check.points))) {
    return 'field "check" has no list of points';
  }
  return undefined;
}

/**
 * Reads every record in the store, oldest first. Files that are not valid
 * records are listed in `problems` with the reason; temporary files of
 * writes in progress (or interrupted by a crash) are ignored.
 */
export function readRecords(workspaceRoot: string): StoreListing {
  const folder = storeFolder(workspaceRoot);
  const listing: StoreListing = { records: [], problems: [] };
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      listing.problems.push({ file: folder, reason: `the folder cannot be read: ${(error as Error).message}` });
    }
    return listing;
  }
  for (const name of names.sort()) {
    if (!name.endsWith('.json') || name.startsWith('.')) {
      continue;
    }
    const file = path.join(folder, name);
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      listing.problems.push({ file, reason: `not valid JSON (${(error as Error).message}); delete the file or restore it` });
      continue;
    }
    const reason = validateRecord(value);
    if (reason) {
      listing.problems.push({ file, reason });
      continue;
    }
    listing.records.push(value as ResultRecord);
  }
  // Oldest first; ids break ties between records of the same millisecond.
  listing.records.sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id));
  return listing;
}

/** Picks the newest record per experiment among `records` (for one spec). */
export function latestByExperiment(records: ResultRecord[]): Map<string, ResultRecord> {
  const latest = new Map<string, ResultRecord>();
  for (const record of records) {
    const previous = latest.get(record.experiment);
    if (!previous || previous.createdAt <= record.createdAt) {
      latest.set(record.experiment, record);
    }
  }
  return latest;
}

/**
 * Picks one record per experiment: the newest with results whose
 * configuration hash matches the experiment's current hash, else the
 * newest (which then shows as stale). A run with other seeds on top of a matching one thus does not
 * hide the matching result.
 */
export function preferredByExperiment(records: ResultRecord[], currentHashes: Map<string, string>): Map<string, ResultRecord> {
  const preferred = latestByExperiment(records);
  // A run stopped before its first seed has no results, so it must not hide an earlier one.
  const matching = latestByExperiment(
    records.filter((record) => record.check !== undefined && currentHashes.get(record.experiment) === record.configHash),
  );
  for (const [experiment, record] of matching) {
    preferred.set(experiment, record);
  }
  return preferred;
}

/** True when the record was made for another configuration than `currentHash`. */
export function isStale(record: ResultRecord, currentHash: string): boolean {
  return record.configHash !== currentHash;
}

/** Orders two strings by UTF-16 code units, as `<` does, independent of the locale. */
function compareText(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
