/** Renders bound rows as a text table, JSON or CSV. */
import type { OutputFormat } from '../options';
import type { BoundRow } from '../rows';
import { renderCsv } from './csv';
import { formatNumber, renderTable, type Column } from './table';

export function renderBoundRows(rows: BoundRow[], format: OutputFormat, path: string): string {
  switch (format) {
    case 'json':
      return JSON.stringify(rows, null, 2) + '\n';
    case 'csv':
      return boundCsv(rows);
    case 'text':
      return boundText(rows, path);
  }
}

/** Parameter names in first-seen order across rows, so every CSV row has the same columns. */
export function parameterNames(rows: BoundRow[]): string[] {
  const names = new Set<string>();
  for (const row of rows) {
    Object.keys(row.parameters).forEach((name) => names.add(name));
  }
  return [...names];
}

export function sweepNames(rows: BoundRow[]): string[] {
  const names = new Set<string>();
  for (const row of rows) {
    Object.keys(row.sweep).forEach((name) => names.add(name));
  }
  return [...names];
}

const boundCsvHeader = ['bound_single', 'bound_multi', 'ratio', 'ratio_identity', 'beta_sim', 'vacuous_single', 'vacuous_multi'];

/** CSV header of the columns that every row has: the point and its bounds. */
export function pointCsvHeader(sweeps: string[], parameters: string[]): string[] {
  return ['experiment', ...sweeps.map((s) => `sweep_${s}`), ...parameters, 'model', 'preset', ...boundCsvHeader];
}

/** CSV cells matching pointCsvHeader. */
export function pointCsvCells(row: BoundRow, sweeps: string[], parameters: string[]): unknown[] {
  return [
    row.experiment,
    ...sweeps.map((s) => row.sweep[s]),
    ...parameters.map((p) => row.parameters[p]),
    row.modelClass,
    row.preset,
    row.bound.single,
    row.bound.multi,
    row.bound.ratio,
    row.bound.ratioIdentity,
    row.bound.betaSim,
    row.bound.vacuous?.single,
    row.bound.vacuous?.multi,
  ];
}

function boundCsv(rows: BoundRow[]): string {
  const sweeps = sweepNames(rows);
  const parameters = parameterNames(rows);
  const body = rows.map((row) => pointCsvCells(row, sweeps, parameters));
  return renderCsv(pointCsvHeader(sweeps, parameters), body);
}

/** Groups rows by experiment, keeping the order of the spec. */
export function groupByExperiment<T extends { experiment: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.experiment) ?? [];
    group.push(row);
    groups.set(row.experiment, group);
  }
  return groups;
}

function boundText(rows: BoundRow[], path: string): string {
  const lines: string[] = [];
  for (const [experiment, group] of groupByExperiment(rows)) {
    const first = group[0];
    const sweeps = Object.keys(first.sweep);
    const presetLabel = first.preset === 'paper' ? 'paper (order level: sqrt(P / n), no constant)' : 'mle_bracketing (Theorem G)';
    lines.push(`${path}: experiment ${experiment}: ${first.modelClass} model, preset ${presetLabel}`);

    if (first.bound.unavailable) {
      lines.push(`  ${first.bound.unavailable}`);
    } else {
      const parameters = Object.keys(first.parameters).filter((name) => !sweeps.includes(name));
      const columns: Column[] = [
        ...[...sweeps, ...parameters].map((header) => ({ header, align: 'right' as const })),
        { header: 'single', align: 'right' },
        { header: 'multi', align: 'right' },
        { header: 'multi/single', align: 'right' },
        { header: '', align: 'left' },
      ];
      const body = group.map((row) => [
        ...sweeps.map((name) => formatNumber(row.sweep[name])),
        // Inputs print with 10 significant digits, so a delta of 0.9999999999 does not show as 1.
        ...parameters.map((name) => formatNumber(row.parameters[name], 10)),
        formatNumber(row.bound.single),
        formatNumber(row.bound.multi),
        formatNumber(row.bound.ratio, 4),
        vacuityNote(row),
      ]);
      lines.push(...renderTable(columns, body));
    }

    for (const claim of first.claims) {
      lines.push(`  ${claim.claim}: ${claim.status}. ${claim.summary}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function vacuityNote(row: BoundRow): string {
  const vacuous = row.bound.vacuous;
  if (!vacuous || (!vacuous.single && !vacuous.multi)) {
    return '';
  }
  if (vacuous.single && vacuous.multi) {
    return 'vacuous (> 1): both';
  }
  return vacuous.single ? 'vacuous (> 1): single' : 'vacuous (> 1): multi';
}
