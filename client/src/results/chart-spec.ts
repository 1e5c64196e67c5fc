/**
 * The results figure as a Vega-Lite specification, in the manner of
 * Figure 1 of Wang et al., "A Theory for Conditional Generative Modeling on
 * Multiple Data Sources" (ICML 2025, arXiv:2502.14583). It plots the
 * empirical average TV of the single-source and multi-source estimators
 * against the swept parameter, with 95 % error bars over seeds (left
 * axis), and the bound curves of the same two estimators (dashed, right
 * axis). The specification is plain data: the webview renders it, and
 * tests render it to SVG in Node.
 */
import type { PanelExperiment, ResultsPanelData } from '../../../server/src/lsp/checks/panel-data';

/** z quantile of the two-sided 95 % normal interval: error bars are mean +- z se. */
const Z95 = 1.959964;

/** One plotted row: a method (single or multi) at one swept value. */
export interface FigureRow {
  x: number;
  /** Text of the point for tooltips and for experiments without a sweep. */
  label: string;
  method: 'single' | 'multi';
  mean?: number;
  low?: number;
  high?: number;
  seeds?: number;
  bound?: number;
}

/** Rows of the figure, two per point (single and multi). */
export function figureRows(experiment: PanelExperiment): FigureRow[] {
  const rows: FigureRow[] = [];
  experiment.points.forEach((point, index) => {
    const x = experiment.axis !== undefined && point.sweepValues[experiment.axis] !== undefined ? point.sweepValues[experiment.axis] : index + 1;
    const label =
      Object.entries(point.sweepValues)
        .map(([symbol, value]) => `${symbol} = ${value}`)
        .join(', ') || experiment.experiment;
    for (const method of ['single', 'multi'] as const) {
      const summary = point[method];
      const halfWidth = summary && Number.isFinite(summary.se) ? Z95 * summary.se : undefined;
      rows.push({
        x,
        label,
        method,
        mean: summary?.mean,
        low: summary && halfWidth !== undefined ? summary.mean - halfWidth : summary?.mean,
        high: summary && halfWidth !== undefined ? summary.mean + halfWidth : summary?.mean,
        seeds: summary?.count,
        bound: point.bounds?.[method],
      });
    }
  });
  return rows;
}

/** Counts the verdicts by status into one line, the figure's subtitle. */
export function verdictLine(experiment: PanelExperiment): string {
  const all = [...experiment.points.flatMap((point) => point.verdicts), ...experiment.verdicts];
  if (all.length === 0) {
    return experiment.record ? 'no verdicts' : 'not checked yet';
  }
  const count = (status: string) => all.filter((verdict) => verdict.status === status).length;
  const parts = [`${count('pass')} pass`, `${count('fail')} fail`, `${count('inconclusive')} inconclusive`];
  const flags = [experiment.record?.partial ? 'partial' : '', experiment.record?.stale ? 'stale' : ''].filter(Boolean);
  return `verdicts: ${parts.join(', ')}${flags.length ? ` (${flags.join(', ')})` : ''}`;
}

/** Builds the Vega-Lite specification of one experiment's figure. */
export function figureSpec(experiment: PanelExperiment): Record<string, unknown> {
  const rows = figureRows(experiment);
  const xs = rows.map((row) => row.x).filter((x) => x > 0);
  // A sweep over a range of more than a factor 20 (sample sizes) reads better on a log axis.
  const logX = xs.length === rows.length && xs.length > 0 && Math.max(...xs) / Math.min(...xs) > 20;
  const preset = experiment.points.find((point) => point.bounds)?.bounds?.preset ?? 'none';
  const xTitle = experiment.axis ?? 'configuration';
  const color = {
    field: 'method',
    type: 'nominal',
    title: 'estimator',
    scale: { domain: ['single', 'multi'], range: ['#d62728', '#1f77b4'] },
  };
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: logX ? { type: 'log' } : { zero: false } };
  const tooltip = [
    { field: 'label', title: 'point' },
    { field: 'method', title: 'estimator' },
    { field: 'mean', title: 'empirical TV', format: '.4f' },
    { field: 'low', title: '95 % low', format: '.4f' },
    { field: 'high', title: '95 % high', format: '.4f' },
    { field: 'seeds', title: 'seeds' },
    { field: 'bound', title: `bound (${preset})`, format: '.4f' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: experiment.experiment, subtitle: verdictLine(experiment) },
    width: 420,
    height: 280,
    data: { values: rows },
    encoding: { x, color },
    layer: [
      {
        layer: [
          {
            transform: [{ filter: 'isValid(datum.mean)' }],
            mark: { type: 'errorbar', ticks: true },
            encoding: {
              y: { field: 'low', type: 'quantitative', title: 'empirical TV (mean, 95 % interval)' },
              y2: { field: 'high' },
              tooltip,
            },
          },
          {
            transform: [{ filter: 'isValid(datum.mean)' }],
            mark: { type: 'line', point: true },
            encoding: { y: { field: 'mean', type: 'quantitative' }, tooltip },
          },
        ],
      },
      {
        transform: [{ filter: 'isValid(datum.bound)' }],
        mark: { type: 'line', strokeDash: [6, 4], point: { shape: 'diamond', filled: false } },
        encoding: {
          y: { field: 'bound', type: 'quantitative', title: `bound, ${preset} preset (dashed)`, axis: { orient: 'right' } },
          tooltip,
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}

/** Figure specifications of every experiment in the panel data, by experiment name. */
export function figureSpecs(data: ResultsPanelData): { experiment: string; spec: Record<string, unknown> }[] {
  return data.experiments.map((experiment) => ({ experiment: experiment.experiment, spec: figureSpec(experiment) }));
}
