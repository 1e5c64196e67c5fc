/**
 * Empirical checks inside the language server. The service runs them
 * through the supervisor (child processes) and reports work-done progress
 * with the experiment's name, the seed runs done and an estimate of the
 * time left. It honours cancellation, stores every run in the results
 * store, and turns the latest results into diagnostics, inlay hints and
 * code lens titles.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import type { Analysis, AnalysisOptions } from '../../core/analysis';
import type { Diagnostic } from '../../core/diagnostics';
import { prewarmWorkers, shutdownWorkers, startCheck, type CheckHandle } from '../../runner/supervisor';
import type { CheckOutcome } from '../../runner/protocol';
import {
  buildRecord,
  configurationHash,
  findWorkspaceRoot,
  preferredByExperiment,
  readRecords,
  storeFolder,
  storedSpecPath,
  writeRecord,
  type RecordedBounds,
  type ResultRecord,
} from '../../runner/store';
import { checkAnnotations, type CheckAnnotations, type RunningState } from './annotations';
import { panelData, type ResultsPanelData } from './panel-data';

export interface CheckServiceHost {
  connection: Connection;
  getAnalysis(uri: string): Analysis | undefined;
  getText(uri: string): string | undefined;
  refresh(uri?: string): void; // server re-publishes diagnostics, hints, lenses
  log(message: string): void;
  settings(): { workers?: number; backend?: string; timeLimitSeconds?: number };
  /**
   * Analysis defaults (preset, C, delta) that `getAnalysis` uses, so the
   * workers resolve the same points. Optional: absent means the defaults.
   */
  analysisOptions?(): AnalysisOptions;
}

/** Location of a document's results: its file, workspace root and stored spec path (none for unsaved text). */
interface Location {
  path: string;
  root: string;
  spec: string;
}

/** A `run` call in progress; cancelling it stops the current experiment and skips the rest. */
interface RunSession {
  cancelled: boolean;
  handle?: CheckHandle;
}

export class CheckService {
  /** Every stored record of a document, oldest first, per document URI, with the store folder's modification time when read. */
  private readonly history = new Map<string, { records: ResultRecord[]; storeModified: number }>();
  /** Configuration hash of each experiment, per analysis (an analysis is replaced on every edit). */
  private readonly hashes = new WeakMap<Analysis, Map<string, string>>();
  private readonly running = new Map<string, Map<string, RunningState>>();
  private readonly sessions = new Set<RunSession>();
  private disposed = false;
  private prewarmed = false;

  constructor(private readonly host: CheckServiceHost) {}

  /** Runs the check of one experiment, or of every experiment in the file when `experiment` is undefined. */
  async run(uri: string, experiment?: string): Promise<void> {
    const text = this.host.getText(uri);
    const analysis = this.host.getAnalysis(uri);
    if (text === undefined || analysis === undefined) {
      this.host.log(`check: ${uri} is not open; open it and run the check again`);
      return;
    }
    const names = analysis.experiments.map((entry) => entry.experiment.name).filter((name) => experiment === undefined || name === experiment);
    if (names.length === 0) {
      this.host.log(experiment === undefined ? `check: ${uri} declares no experiment` : `check: experiment '${experiment}' is not in ${uri}`);
      return;
    }

    const session: RunSession = { cancelled: false };
    this.sessions.add(session);
    try {
      for (const name of names) {
        if (session.cancelled || this.disposed) {
          break;
        }
        await this.runOne(uri, text, analysis, name, session);
      }
    } finally {
      this.sessions.delete(session);
    }
  }

  cancelAll(): void {
    for (const session of this.sessions) {
      session.cancelled = true;
      session.handle?.cancel();
    }
  }

  annotations(uri: string): CheckAnnotations {
    const analysis = this.host.getAnalysis(uri);
    if (!analysis) {
      return { diagnostics: [], inlayHints: [], lenses: [] };
    }
    if (!this.prewarmed && analysis.experiments.length > 0) {
      // A spec with experiments is open: start the workers now, so the first check does not wait for them.
      this.prewarmed = true;
      prewarmWorkers(this.host.settings().workers);
    }
    return checkAnnotations(analysis, this.records(uri), this.running.get(uri) ?? new Map(), new Date());
  }

  /** Data for the results panel: the latest records of the document (one experiment or all) with current bounds. */
  resultsData(uri: string, experiment?: string): ResultsPanelData {
    return panelData(this.host.getAnalysis(uri), this.records(uri), uri, experiment);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelAll();
    void shutdownWorkers();
  }

  private async runOne(uri: string, text: string, analysis: Analysis, name: string, session: RunSession): Promise<void> {
    const settings = this.host.settings();
    const location = locate(uri);
    const experimentAnalysis = analysis.experiments.find((entry) => entry.experiment.name === name)!;
    const state: RunningState = { completed: 0, total: 0, startedAt: Date.now() };
    if (!this.running.get(uri)?.has(name)) {
      this.setRunning(uri, name, state);
    }

    let progress: WorkDoneProgressServerReporter | undefined;
    try {
      progress = await this.host.connection.window.createWorkDoneProgress();
    } catch (error) {
      this.host.log(`check: the editor refused a progress report (${String(error)}); running without one`);
    }
    let outcome: CheckOutcome | undefined;
    let lastRefresh = 0;
    try {
      progress?.begin(`Checking ${name}`, 0, 'waiting for workers', true);
      const cancelListener = progress?.token.onCancellationRequested(() => {
        session.cancelled = true;
        session.handle?.cancel();
      });
      const handle = startCheck(
        {
          specText: text,
          specPath: location?.path,
          experiment: name,
          workers: settings.workers,
          backend: settings.backend,
          timeLimitMs: settings.timeLimitSeconds ? settings.timeLimitSeconds * 1000 : undefined,
          analysisOptions: this.host.analysisOptions?.(),
        },
        (event) => {
          if (event.type === 'started') {
            // A run queued behind another of the same experiment takes over the indicator only now,
            // unless it was cancelled while it waited.
            if (!session.cancelled) {
              this.setRunning(uri, name, state);
            }
            state.total = event.totalUnits;
            progress?.report(0, `0/${event.totalUnits} seed runs on ${event.workers} workers`);
          } else if (event.type === 'progress') {
            state.completed = event.completed;
            state.total = event.total;
            const percent = Math.floor((100 * event.completed) / Math.max(1, event.total));
            const left = event.remainingMs === undefined ? '' : `, about ${formatDuration(event.remainingMs)} left`;
            progress?.report(percent, `${event.completed}/${event.total} seed runs${left}`);
            // The code lens shows the count too; republishing once a second is enough for it.
            if (Date.now() - lastRefresh >= 1000) {
              lastRefresh = Date.now();
              this.host.refresh(uri);
            }
          }
        },
      );
      session.handle = handle;
      if (session.cancelled) {
        handle.cancel();
      }
      outcome = await handle.done;
      cancelListener?.dispose();
    } catch (error) {
      this.host.log(`check: '${name}' could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      // Exactly one end for the progress that began above, whatever happened.
      progress?.done();
      session.handle = undefined;
      // Another run of the same experiment may own the indicator by now; leave it to that run.
      if (this.running.get(uri)?.get(name) === state) {
        this.running.get(uri)?.delete(name);
      }
    }

    if (outcome) {
      this.log(name, outcome);
      const points = experimentAnalysis.points.map((entry) => entry.point);
      const bounds: (RecordedBounds | undefined)[] = experimentAnalysis.points.map((entry) =>
        entry.bounds ? { preset: entry.bounds.preset, single: entry.bounds.single.value, multi: entry.bounds.multi.value } : undefined,
      );
      const record = buildRecord({ outcome, points, bounds, workspaceRoot: location?.root, specPath: location?.path });
      let stored = false;
      if (location) {
        try {
          writeRecord(location.root, record);
          stored = true;
        } catch (error) {
          this.host.log(`check: the result of '${name}' was not stored: ${(error as Error).message}`);
        }
      }
      if (!stored) {
        // Without the store (an unsaved document, a failed write), keep the run in memory so its annotations still show.
        this.recordHistory(uri).push(record);
      }
    }
    this.host.refresh(uri);
  }

  private log(name: string, outcome: CheckOutcome): void {
    const seconds = (outcome.timings.wallMs / 1000).toFixed(1);
    const line = `check: '${name}' ${outcome.status} (${outcome.completedUnits}/${outcome.totalUnits} seed runs, ${outcome.workers} workers, backend ${outcome.backend}, ${seconds} s)`;
    this.host.log(outcome.error ? `${line}: ${outcome.error}` : line);
    if (outcome.log) {
      this.host.log(`check: worker log of '${name}':\n${outcome.log}`);
    }
  }

  private setRunning(uri: string, name: string, state: RunningState): void {
    const map = this.running.get(uri) ?? new Map<string, RunningState>();
    map.set(name, state);
    this.running.set(uri, map);
  }

  /** Picks the record shown per experiment: the newest with results that matches the current configuration, else the newest. */
  private records(uri: string): Map<string, ResultRecord> {
    const analysis = this.host.getAnalysis(uri);
    return preferredByExperiment(this.recordHistory(uri), analysis ? this.currentHashes(analysis) : new Map());
  }

  private currentHashes(analysis: Analysis): Map<string, string> {
    let hashes = this.hashes.get(analysis);
    if (!hashes) {
      hashes = new Map();
      for (const entry of analysis.experiments) {
        if (entry.points.length > 0) {
          hashes.set(entry.experiment.name, configurationHash(entry.points.map((point) => point.point)));
        }
      }
      this.hashes.set(analysis, hashes);
    }
    return hashes;
  }

  /**
   * Records of a document's spec. The store is read again whenever its
   * folder changed, so runs written by the CLI or another editor show up.
   */
  private recordHistory(uri: string): ResultRecord[] {
    const location = locate(uri);
    const storeModified = location ? folderModified(storeFolder(location.root)) : 0;
    const cached = this.history.get(uri);
    if (cached && cached.storeModified === storeModified) {
      return cached.records;
    }

    let records: ResultRecord[] = [];
    if (location) {
      const listing = readRecords(location.root);
      for (const problem of listing.problems) {
        this.host.log(`check: skipped stored result ${problem.file}: ${problem.reason}`);
      }
      records = listing.records.filter((record) => record.spec === location.spec);
    }
    this.history.set(uri, { records, storeModified });
    return records;
  }
}

/** Modification time of a folder in milliseconds, or 0 when it does not exist. */
function folderModified(folder: string): number {
  try {
    return statSync(folder).mtimeMs;
  } catch {
    return 0;
  }
}

/** File path, workspace root and stored spec path of a `file:` URI; undefined for other schemes. */
function locate(uri: string): Location | undefined {
  if (!uri.startsWith('file:')) {
    return undefined;
  }
  try {
    const file = fileURLToPath(uri);
    const root = findWorkspaceRoot(file);
    return { path: file, root, spec: storedSpecPath(root, file) };
  } catch {
    return undefined;
  }
}

/** Short human duration: `12 s`, `3 min`, `2 h`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) {
    return `${seconds} s`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) {
    return `${minutes} min`;
  }
  return `${Math.round(minutes / 60)} h`;
}

export type { CheckAnnotations, Diagnostic };
