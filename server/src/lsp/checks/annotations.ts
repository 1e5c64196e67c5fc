/**
 * Turns stored check results into editor annotations for the current text:
 * diagnostics (codes MSB201 to MSB206), inlay hints with the empirical
 * means and 95 % intervals, and code lens titles with status and age.
 * Results are matched to the current analysis by experiment name and
 * sweep values, so annotations follow the text as it is edited.
 */
import type { Analysis, ExperimentAnalysis } from '../../core/analysis';
import type { Diagnostic } from '../../core/diagnostics';
import type { PointCheck, Summary, Verdict } from '../../core/simulation/types';
import type { RunLensStatus } from '../../core/ide/types';
import type { Span } from '../../core/text';
import { configurationHash, isStale, type ResultRecord } from '../../runner/store';

/** Check results that the language server merges into the diagnostics, inlay hints and code lenses it publishes for a document. */
export interface CheckAnnotations {
  diagnostics: Diagnostic[];
  inlayHints: { offset: number; label: string }[];
  /** The run lens of each experiment: title with the last run's status and age, command and tooltip. */
  lenses: ({ experiment: string } & RunLensStatus)[];
}

/** A check in progress, for the code lens. */
export interface RunningState {
  completed: number;
  total: number;
  startedAt: number;
}

/** Diagnostic codes of check results (documented in docs/diagnostics.md). */
export const CheckCodes = {
  matches: 'MSB201',
  verdictFails: 'MSB202',
  inconclusive: 'MSB203',
  stale: 'MSB204',
  partial: 'MSB205',
  failed: 'MSB206',
} as const;

/**
 * z quantile of the two-sided 95 % normal interval, used for the
 * intervals mean +- z * se shown beside the bounds.
 */
const Z95 = 1.959964;

export function checkAnnotations(
  analysis: Analysis,
  records: Map<string, ResultRecord>,
  running: Map<string, RunningState>,
  now: Date,
): CheckAnnotations {
  const out: CheckAnnotations = { diagnostics: [], inlayHints: [], lenses: [] };
  for (const experimentAnalysis of analysis.experiments) {
    const name = experimentAnalysis.experiment.name;
    const record = records.get(name);
    const state = running.get(name);
    out.lenses.push({ experiment: name, ...runLens(record, state, experimentAnalysis, now) });
    if (!record) {
      continue;
    }
    annotateExperiment(experimentAnalysis, record, now, out);
  }
  return out;
}

function currentHash(experimentAnalysis: ExperimentAnalysis): string {
  return configurationHash(experimentAnalysis.points.map((entry) => entry.point));
}

/**
 * Builds the run lens of an experiment: "Run check", followed by the
 * status and age of the last run when there is one. While the check runs,
 * the lens shows its progress and cancels it when clicked.
 */
function runLens(record: ResultRecord | undefined, state: RunningState | undefined, experimentAnalysis: ExperimentAnalysis, now: Date): RunLensStatus {
  const hasResults = record !== undefined;

  if (state) {
    const percent = state.total > 0 ? Math.floor((100 * state.completed) / state.total) : 0;
    return {
      title: `$(sync~spin) Checking: ${state.completed}/${state.total} seed runs (${percent} %)`,
      command: 'msbound.cancelChecks',
      tooltip: 'Click to cancel the running checks. Finished seeds are kept as a partial result.',
      hasResults,
    };
  }
  if (!record) {
    return { title: 'Run check', command: 'msbound.runCheck', tooltip: 'Train the estimators on simulated data and compare with the bounds.', hasResults };
  }
  const age = formatAge(now.getTime() - Date.parse(record.createdAt));
  if (isStaleFor(record, experimentAnalysis)) {
    return { title: 'Run check (stale)', command: 'msbound.runCheck', tooltip: `The experiment changed since the last run ${age} ago; its results no longer apply.`, hasResults };
  }

  const partial = record.partial ? `partial ${record.completedUnits}/${record.totalUnits} seed runs, ` : '';
  if (record.status === 'failed') {
    return { title: `Run check (last: failed, ${partial}${age} ago)`, command: 'msbound.runCheck', tooltip: `The last run failed: ${record.error ?? 'no reason recorded'}`, hasResults };
  }

  const verdicts = allVerdicts(record);
  const failed = verdicts.filter((entry) => entry.verdict.status === 'fail').length;
  const passed = verdicts.filter((entry) => entry.verdict.status === 'pass').length;
  const inconclusive = verdicts.length - failed - passed;
  let outcome: string;
  if (failed > 0) {
    outcome = `${failed} of ${verdicts.length} verdicts fail`;
  } else if (inconclusive > 0) {
    outcome = `${inconclusive} of ${verdicts.length} verdicts inconclusive`;
  } else if (verdicts.length === 0) {
    outcome = record.status;
  } else {
    outcome = 'passed';
  }

  return {
    title: `Run check (last: ${outcome}, ${partial}${age} ago)`,
    command: 'msbound.runCheck',
    tooltip: `Last run ${age} ago (${record.status}, backend ${record.backend}): ${passed} verdicts pass, ${failed} fail, ${inconclusive} inconclusive.`,
    hasResults,
  };
}

interface PlacedVerdict {
  verdict: Verdict;
  /** Sweep values of the point, or undefined for sweep-level verdicts. */
  sweep?: Record<string, number>;
}

function allVerdicts(record: ResultRecord): PlacedVerdict[] {
  const check = record.check;
  if (!check) {
    return [];
  }
  const list: PlacedVerdict[] = [];
  for (const point of check.points) {
    for (const verdict of point.verdicts) {
      list.push({ verdict, sweep: point.sweepValues });
    }
  }
  for (const verdict of check.verdicts) {
    list.push({ verdict });
  }
  return list;
}

function annotateExperiment(experimentAnalysis: ExperimentAnalysis, record: ResultRecord, now: Date, out: CheckAnnotations): void {
  const experiment = experimentAnalysis.experiment;
  const nameSpan = experiment.nameSpan;
  const age = formatAge(now.getTime() - Date.parse(record.createdAt));

  if (isStaleFor(record, experimentAnalysis)) {
    out.diagnostics.push({
      span: nameSpan,
      severity: 'hint',
      code: CheckCodes.stale,
      message: `Check results of '${experiment.name}' are stale: the experiment's configuration changed since the run ${age} ago. Run the check again.`,
    });
    return;
  }

  if (record.status === 'failed') {
    out.diagnostics.push({
      span: nameSpan,
      severity: 'warning',
      code: CheckCodes.failed,
      message: `The check of '${experiment.name}' failed ${age} ago: ${record.error ?? 'no reason recorded'}`,
    });
  } else if (record.partial) {
    out.diagnostics.push({
      span: nameSpan,
      severity: 'information',
      code: CheckCodes.partial,
      message: `The check of '${experiment.name}' stopped early (${record.status}); its results cover ${record.completedUnits} of ${record.totalUnits} seed runs. Run it again for full results.`,
    });
  }

  const check = record.check;
  if (!check) {
    return;
  }

  // Inlay hints beside each swept value of the experiment's own single sweep, else after the name.
  const ownAxes = experiment.sweeps.filter((axis) => axis.definedIn === experiment.name);
  const axis = experiment.sweeps.length === 1 && ownAxes.length === 1 ? ownAxes[0] : undefined;
  for (const point of check.points) {
    const label = hintLabel(point);
    const valueSpan = axis ? sweepValueSpan(experimentAnalysis, axis.symbol, point) : undefined;
    if (valueSpan) {
      out.inlayHints.push({ offset: valueSpan.end, label });
    } else {
      const where = Object.entries(point.sweepValues)
        .map(([symbol, value]) => `${symbol}=${formatNumber(value)}`)
        .join(', ');
      out.inlayHints.push({ offset: nameSpan.end, label: where ? `${where}: ${label}` : label });
    }
  }

  const verdicts = allVerdicts(record);
  for (const { verdict, sweep } of verdicts) {
    if (verdict.status === 'pass') {
      continue;
    }
    const at = sweep && Object.keys(sweep).length > 0 ? ` at ${formatSweep(sweep)}` : '';
    const pointCheck = sweep ? check.points.find((p) => sameSweep(p.sweepValues, sweep)) : undefined;
    const span = (axis && pointCheck && sweepValueSpan(experimentAnalysis, axis.symbol, pointCheck)) || nameSpan;
    out.diagnostics.push({
      span,
      severity: verdict.status === 'fail' ? 'warning' : 'information',
      code: verdict.status === 'fail' ? CheckCodes.verdictFails : CheckCodes.inconclusive,
      message: `Check verdict '${verdict.name}' ${verdict.status === 'fail' ? 'fails' : 'is inconclusive'}${at}: ${verdict.message}`,
    });
  }

  const failedOrInconclusive = verdicts.some((entry) => entry.verdict.status !== 'pass');
  if (!failedOrInconclusive && record.status === 'finished' && verdicts.length > 0) {
    const ranges = summaryRange(check.points);
    out.diagnostics.push({
      span: nameSpan,
      severity: 'information',
      code: CheckCodes.matches,
      message: `The simulation matches the theory for '${experiment.name}': all ${verdicts.length} verdicts pass over ${check.points.length} point(s) and ${record.seeds.length} seeds (empirical R: single ${ranges.single}, multi ${ranges.multi}; ${age} ago, backend ${record.backend}).`,
    });
  }
}

/** Span of the swept value that produced a point, when the text still has it. */
function sweepValueSpan(experimentAnalysis: ExperimentAnalysis, symbol: string, point: PointCheck): Span | undefined {
  const axis = experimentAnalysis.experiment.sweeps.find((candidate) => candidate.symbol === symbol);
  if (!axis) {
    return undefined;
  }
  const index = experimentAnalysis.points.findIndex((entry) => sameSweep(entry.point.sweepValues, point.sweepValues));
  if (index < 0 || index >= axis.values.length) {
    return undefined;
  }
  return axis.values[index].span;
}

function sameSweep(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** `single 0.124 ± 0.020 · multi 0.096 ± 0.016 (5 seeds)`: mean and 95 % half-width. */
export function hintLabel(point: PointCheck): string {
  return `single ${formatSummary(point.empirical.single)} · multi ${formatSummary(point.empirical.multi)} (${point.seeds.length} seeds)`;
}

function formatSummary(summary: Summary): string {
  if (!Number.isFinite(summary.se) || summary.count < 2) {
    return formatNumber(summary.mean);
  }
  return `${formatNumber(summary.mean)} ± ${formatNumber(Z95 * summary.se)}`;
}

function summaryRange(points: PointCheck[]): { single: string; multi: string } {
  const range = (values: number[]) => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    return low === high ? formatNumber(low) : `${formatNumber(low)} to ${formatNumber(high)}`;
  };
  return {
    single: range(points.map((p) => p.empirical.single.mean)),
    multi: range(points.map((p) => p.empirical.multi.mean)),
  };
}

function formatSweep(sweep: Record<string, number>): string {
  return Object.entries(sweep)
    .map(([symbol, value]) => `${symbol} = ${formatNumber(value)}`)
    .join(', ');
}

/** Three significant digits, without exponent for ordinary magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  if (value === 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e6)) {
    return Number(value.toPrecision(3)).toString();
  }
  return value.toExponential(2);
}

/** Age of a run for titles: `12 s`, `5 min`, `3 h`, `2 d`. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h`;
  }
  return `${Math.floor(hours / 24)} d`;
}

/**
 * Reports whether a record no longer applies to the experiment as written.
 * An experiment without valid points (an invalid or half-typed edit)
 * cannot be compared, so its old results count as stale too.
 */
function isStaleFor(record: ResultRecord, experimentAnalysis: ExperimentAnalysis): boolean {
  return experimentAnalysis.points.length === 0 || isStale(record, currentHash(experimentAnalysis));
}
