/**
 * Rows of the CLI's output: one per experiment and sweep point, as plain
 * data. The JSON format prints them as they are, so their shape is the
 * CLI's stable interface (documented in docs/cli.md).
 */
import type { ExperimentAnalysis, PointAnalysis } from '../core/analysis';
import type { ResolvedPoint } from '../core/semantics/model';
import type { PointCheck, Summary, Verdict } from '../core/simulation/types';
import type { ClaimStatus } from '../core/theory/types';

export interface BoundRow {
  experiment: string;
  /** Values of the swept symbols at this point (empty without a sweep). */
  sweep: Record<string, number>;
  parameters: Record<string, number>;
  modelClass: string;
  preset: string;
  bound: {
    single: number | null;
    multi: number | null;
    ratio: number | null;
    /** sqrt(1 - (K - 1) beta_sim / K). */
    ratioIdentity: number | null;
    betaSim: number | null;
    vacuous: { single: boolean; multi: boolean } | null;
    /** Reason the bound is missing, when it is. */
    unavailable?: string;
  };
  claims: { claim: string; status: ClaimStatus; summary: string }[];
}

export interface CheckRow extends BoundRow {
  seeds: number;
  empirical: { single: Summary; multi: Summary };
  exact: { single: Summary; multi: Summary } | null;
  emptySources: number;
  verdicts: { name: string; status: string; message: string }[];
  /** Verdicts over the whole sweep (rate and shape), the same on every row of an experiment. */
  sweepVerdicts?: { name: string; status: string; message: string }[];
  partial: boolean;
}

/** Collects the numbers that describe a point, in a fixed order. */
export function pointParameters(point: ResolvedPoint): Record<string, number> {
  const parameters: Record<string, number> = { K: point.K, n: point.n };
  if (point.perSource !== undefined) {
    parameters.per_source = point.perSource;
  }
  if (point.model.modelClass === 'gaussian') {
    parameters.D = point.model.dim;
    parameters.d_sim = point.model.shared;
    parameters.B = point.model.meanBound;
  } else {
    for (const [key, value] of Object.entries(point.model.settings)) {
      if (typeof value === 'number') {
        parameters[key] = value;
      }
    }
  }
  parameters.delta = point.delta;
  if (point.preset === 'mle_bracketing') {
    parameters.C = point.C;
  }
  return parameters;
}

export function boundRows(experiment: ExperimentAnalysis): BoundRow[] {
  const claims = experiment.claims.map(({ claim, result }) => ({
    claim: claim.text,
    status: result.status,
    summary: result.summary,
  }));
  return experiment.points.map((entry) => boundRow(experiment.experiment.name, entry, claims));
}

function boundRow(name: string, entry: PointAnalysis, claims: BoundRow['claims']): BoundRow {
  const { point, bounds } = entry;
  const row: BoundRow = {
    experiment: name,
    sweep: { ...point.sweepValues },
    parameters: { ...pointParameters(point), ...parameterCounts(entry) },
    modelClass: point.model.modelClass,
    preset: point.preset,
    bound: {
      single: bounds?.single.value ?? null,
      multi: bounds?.multi.value ?? null,
      ratio: bounds?.ratio.value ?? null,
      ratioIdentity: bounds?.ratio.identity ?? null,
      betaSim: bounds?.counts.betaSim ?? null,
      vacuous: bounds ? { single: bounds.single.vacuous, multi: bounds.multi.vacuous } : null,
    },
    claims,
  };
  if (!bounds) {
    row.bound.unavailable = `no bound is available for the ${point.model.modelClass} model class`;
  }
  return row;
}

/** P and P_s of a deep model class, whose counts are not among its settings. */
function parameterCounts(entry: PointAnalysis): Record<string, number> {
  if (!entry.bounds || entry.point.model.modelClass === 'gaussian') {
    return {};
  }
  return { P: entry.bounds.counts.perSource, P_s: entry.bounds.counts.shared };
}

export function checkRow(base: BoundRow, check: PointCheck, partial: boolean): CheckRow {
  const emptySources = check.seeds.reduce((total, seed) => total + seed.emptySources.length, 0);
  return {
    ...base,
    seeds: check.seeds.length,
    empirical: check.empirical,
    exact: check.exact ?? null,
    emptySources,
    verdicts: check.verdicts.map(verdictEntry),
    partial,
  };
}

export function verdictEntry(verdict: Verdict): { name: string; status: string; message: string } {
  return { name: verdict.name, status: verdict.status, message: verdict.message };
}
