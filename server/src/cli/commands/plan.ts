/** `msbound plan FILE --target EPS`: the smallest total n for which each bound is at most EPS. */
import type { Command } from 'commander';
import { planSampleSize } from '../../core/theory';
import { ExitCode } from '../exit-codes';
import type { CliContext } from '../context';
import { renderCsv } from '../output/csv';
import { groupByExperiment } from '../output/render-bounds';
import { formatNumber, renderTable, type Column } from '../output/table';
import { addCommonOptions, analysisOptions, positiveNumber, type CommonOptions } from '../options';
import { pointParameters } from '../rows';
import { loadSpec, selectExperiments } from '../spec-file';

interface PlanOptions extends CommonOptions {
  target: number;
}

export interface PlanRow {
  experiment: string;
  sweep: Record<string, number>;
  parameters: Record<string, number>;
  preset: string;
  target: number;
  /** Smallest total n per class, or null when no n below the search limit reaches the target. */
  n: { single: number | null; multi: number | null };
}

export function register(program: Command, context: CliContext): void {
  addCommonOptions(
    program
      .command('plan')
      .description('find the smallest total sample size n for which each bound is at most the target')
      .argument('<file>', 'spec file (.msb)')
      .requiredOption('-t, --target <eps>', 'target value of the bound on the average TV, a positive number', positiveNumber),
  ).action((file: string, options: PlanOptions) => {
    const loaded = loadSpec(file, analysisOptions(options), context.stderr);
    const experiments = selectExperiments(loaded, options.experiment);

    const rows: PlanRow[] = [];
    for (const experiment of experiments) {
      for (const entry of experiment.points) {
        if (!entry.bounds) {
          continue;
        }
        const plan = planSampleSize(entry.point, options.target);
        rows.push({
          experiment: experiment.experiment.name,
          sweep: { ...entry.point.sweepValues },
          parameters: pointParameters(entry.point),
          preset: entry.point.preset,
          target: options.target,
          n: { single: plan.single, multi: plan.multi },
        });
      }
    }

    context.stdout(renderPlan(rows, options.format, loaded.path));
    const refuted = experiments.some((experiment) => experiment.claims.some(({ result }) => result.status === 'refuted'));
    context.setExitCode(refuted ? ExitCode.claimOrVerdictFailed : ExitCode.success);
  });
}

function renderPlan(rows: PlanRow[], format: CommonOptions['format'], path: string): string {
  if (format === 'json') {
    return JSON.stringify(rows, null, 2) + '\n';
  }

  const sweeps = [...new Set(rows.flatMap((row) => Object.keys(row.sweep)))];
  if (format === 'csv') {
    const header = ['experiment', ...sweeps.map((s) => `sweep_${s}`), 'K', 'n', 'preset', 'target', 'n_single', 'n_multi'];
    const body = rows.map((row) => [
      row.experiment,
      ...sweeps.map((s) => row.sweep[s]),
      row.parameters.K,
      row.parameters.n,
      row.preset,
      row.target,
      row.n.single,
      row.n.multi,
    ]);
    return renderCsv(header, body);
  }

  const lines: string[] = [];
  for (const [experiment, group] of groupByExperiment(rows)) {
    const own = Object.keys(group[0].sweep).filter((name) => name !== 'K' && name !== 'n');
    lines.push(`${path}: experiment ${experiment}: smallest n with bound <= ${group[0].target} (preset ${group[0].preset})`);
    const columns: Column[] = [
      ...own.map((header) => ({ header, align: 'right' as const })),
      { header: 'K', align: 'right' },
      { header: 'n now', align: 'right' },
      { header: 'n single', align: 'right' },
      { header: 'n multi', align: 'right' },
      { header: 'multi saves', align: 'right' },
    ];
    const body = group.map((row) => [
      ...own.map((name) => formatNumber(row.sweep[name])),
      formatNumber(row.parameters.K),
      formatNumber(row.parameters.n),
      row.n.single === null ? 'none' : String(row.n.single),
      row.n.multi === null ? 'none' : String(row.n.multi),
      row.n.single !== null && row.n.multi !== null ? savings(row.n.single, row.n.multi) : '-',
    ]);
    lines.push(...renderTable(columns, body), '');
  }
  return lines.join('\n');
}

function savings(single: number, multi: number): string {
  return `${formatNumber((100 * (single - multi)) / single, 3)}%`;
}
