/** Renders check rows: bounds beside the empirical TV, and the verdicts. */
import type { OutputFormat } from '../options';
import type { CheckRow } from '../rows';
import { describeRun, type RunSummary } from './run-summary';
import { renderCsv } from './csv';
import { groupByExperiment, parameterNames, pointCsvCells, pointCsvHeader, sweepNames } from './render-bounds';
import { formatNumber, renderTable, type Column } from './table';

export function renderCheckRows(rows: CheckRow[], format: OutputFormat, path: string, runs: RunSummary[] = []): string {
  switch (format) {
    case 'json':
      return JSON.stringify(rows, null, 2) + '\n';
    case 'csv':
      return checkCsv(rows);
    case 'text':
      return checkText(rows, path, runs);
  }
}

function checkCsv(rows: CheckRow[]): string {
  const sweeps = sweepNames(rows);
  const parameters = parameterNames(rows);
  const verdictNames = [...new Set(rows.flatMap((row) => row.verdicts.map((v) => v.name)))];
  const header = [
    ...pointCsvHeader(sweeps, parameters),
    'seeds',
    'empirical_single_mean',
    'empirical_single_se',
    'empirical_multi_mean',
    'empirical_multi_se',
    'exact_single_mean',
    'exact_multi_mean',
    'empty_sources',
    ...verdictNames.map((name) => `verdict_${name}`),
    'partial',
  ];
  const body = rows.map((row) => [
    ...pointCsvCells(row, sweeps, parameters),
    row.seeds,
    row.empirical.single.mean,
    row.empirical.single.se,
    row.empirical.multi.mean,
    row.empirical.multi.se,
    row.exact?.single.mean,
    row.exact?.multi.mean,
    row.emptySources,
    ...verdictNames.map((name) => row.verdicts.find((v) => v.name === name)?.status),
    row.partial,
  ]);
  return renderCsv(header, body);
}

function meanWithError(summary: { mean: number; se: number }): string {
  return `${formatNumber(summary.mean, 4)} ± ${formatNumber(summary.se, 2)}`;
}

function checkText(rows: CheckRow[], path: string, runs: RunSummary[]): string {
  const lines: string[] = [];
  for (const [experiment, group] of groupByExperiment(rows)) {
    const first = group[0];
    const sweeps = Object.keys(first.sweep);
    const partial = first.partial ? ' (partial: stopped early)' : '';
    const seeds = `${first.seeds} seed${first.seeds === 1 ? '' : 's'}`;
    lines.push(`${path}: experiment ${experiment}: ${first.modelClass} model, ${seeds}, preset ${first.preset}${partial}`);

    const columns: Column[] = [
      ...sweeps.map((header) => ({ header, align: 'right' as const })),
      { header: 'bound single', align: 'right' },
      { header: 'bound multi', align: 'right' },
      { header: 'TV single (mean ± se)', align: 'right' },
      { header: 'TV multi (mean ± se)', align: 'right' },
      { header: 'exact single', align: 'right' },
      { header: 'exact multi', align: 'right' },
      { header: 'verdicts', align: 'left' },
    ];
    const body = group.map((row) => [
      ...sweeps.map((name) => formatNumber(row.sweep[name])),
      formatNumber(row.bound.single, 4),
      formatNumber(row.bound.multi, 4),
      meanWithError(row.empirical.single),
      meanWithError(row.empirical.multi),
      formatNumber(row.exact?.single.mean, 4),
      formatNumber(row.exact?.multi.mean, 4),
      row.verdicts.map((v) => `${v.name} ${v.status}`).join(', '),
    ]);
    lines.push(...renderTable(columns, body));

    const notable = group.flatMap((row) =>
      row.verdicts
        .filter((v) => v.status !== 'pass')
        .map((v) => `  ${describePoint(row)}${v.name}: ${v.status}. ${v.message}`),
    );
    lines.push(...notable);
    for (const verdict of first.sweepVerdicts ?? []) {
      lines.push(`  sweep ${verdict.name}: ${verdict.status}. ${verdict.message}`);
    }
    const empty = group.reduce((total, row) => total + row.emptySources, 0);
    if (empty > 0) {
      lines.push(`  note: ${empty} source draws received no training sample; see docs/checks.md for how they are estimated`);
    }
    for (const claim of first.claims) {
      lines.push(`  ${claim.claim}: ${claim.status}. ${claim.summary}`);
    }
    const run = runs.find((entry) => entry.experiment === experiment);
    if (run) {
      lines.push(...describeRun(run));
    }
    lines.push('');
  }
  return lines.join('\n');
}

function describePoint(row: CheckRow): string {
  const entries = Object.entries(row.sweep);
  return entries.length === 0 ? '' : `at ${entries.map(([name, value]) => `${name}=${formatNumber(value)}`).join(', ')}: `;
}
