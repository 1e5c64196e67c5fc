/**
 * `msbound results [--spec FILE] [--format text|json|csv] [--per-seed]`:
 * lists and exports the stored check results of a workspace. With
 * `--spec`, only that spec's results, each marked stale when the
 * experiment's configuration in the current file differs from the one
 * that was checked.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../core/analysis';
import { configurationHash, findWorkspaceRoot, readRecords, storedSpecPath, storeFolder, type ResultRecord } from '../../runner/store';
import type { CliContext } from '../context';
import { CliError } from '../exit-codes';
import { renderCsv } from '../output/csv';

interface ResultsOptions {
  spec?: string;
  root?: string;
  experiment?: string;
  format: 'text' | 'json' | 'csv';
  perSeed?: boolean;
  latest?: boolean;
}

/** A record with its staleness against the current spec (undefined when the spec was not read). */
export interface ListedRecord {
  record: ResultRecord;
  stale?: boolean;
}

/**
 * Reads the store for a spec (or a whole workspace) and marks staleness.
 * Returns the problems (corrupt files) beside the records.
 */
export function listResults(options: { spec?: string; root?: string; experiment?: string; latest?: boolean }): {
  root: string;
  records: ListedRecord[];
  problems: { file: string; reason: string }[];
} {
  const root = path.resolve(options.root ?? (options.spec ? findWorkspaceRoot(options.spec) : findWorkspaceRoot(path.join(process.cwd(), 'spec.msb'))));
  const listing = readRecords(root);
  let records = listing.records;

  let hashes: Map<string, string> | undefined;
  if (options.spec) {
    const spec = storedSpecPath(root, options.spec);
    records = records.filter((record) => record.spec === spec);
    let text: string | undefined;
    try {
      text = readFileSync(options.spec, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      hashes = new Map();
      for (const experiment of analyze(text).experiments) {
        if (experiment.points.length > 0) {
          hashes.set(experiment.experiment.name, configurationHash(experiment.points.map((entry) => entry.point)));
        }
      }
    }
  }
  if (options.experiment) {
    records = records.filter((record) => record.experiment === options.experiment);
  }
  if (options.latest) {
    const newest = new Map<string, ResultRecord>();
    for (const record of records) {
      newest.set(`${record.spec ?? ''}\u0000${record.experiment}`, record);
    }
    records = [...newest.values()];
  }
  return {
    root,
    problems: listing.problems,
    records: records.map((record) => ({
      record,
      // A record whose experiment is gone from the spec is stale too.
      stale: hashes ? hashes.get(record.experiment) !== record.configHash : undefined,
    })),
  };
}

function verdictCounts(record: ResultRecord): { pass: number; fail: number; inconclusive: number } {
  const counts = { pass: 0, fail: 0, inconclusive: 0 };
  const verdicts = [...(record.check?.points.flatMap((point) => point.verdicts) ?? []), ...(record.check?.verdicts ?? [])];
  for (const verdict of verdicts) {
    counts[verdict.status]++;
  }
  return counts;
}

function sweepText(sweep: Record<string, number>): string {
  return Object.entries(sweep)
    .map(([symbol, value]) => `${symbol}=${value}`)
    .join(' ');
}

export function renderText(root: string, records: ListedRecord[]): string {
  if (records.length === 0) {
    return `no stored results under ${storeFolder(root)}\n`;
  }
  const header = ['id', 'spec', 'experiment', 'status', 'seeds', 'verdicts', 'backend', 'wall', 'stale'];
  const rows = records.map(({ record, stale }) => {
    const counts = verdictCounts(record);
    return [
      record.id,
      record.spec ?? '(unsaved)',
      record.experiment,
      record.partial ? `${record.status}, partial` : record.status,
      `${record.completedUnits}/${record.totalUnits}`,
      `${counts.pass} pass, ${counts.fail} fail, ${counts.inconclusive} inconclusive`,
      record.backend,
      `${(record.timings.wallMs / 1000).toFixed(1)} s`,
      staleText(stale),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** Labels a record's staleness for the text table (empty when the spec was not read). */
function staleText(stale: boolean | undefined): string {
  if (stale === undefined) {
    return '';
  }
  return stale ? 'stale' : 'current';
}

/** Renders one CSV row per point of each record, or per seed with `perSeed`. */
export function renderResultsCsv(records: ListedRecord[], perSeed: boolean): string {
  const base = ['id', 'created_at', 'spec', 'experiment', 'status', 'partial', 'stale', 'backend', 'engine_version', 'config_hash', 'sweep'];
  if (perSeed) {
    const header = [...base, 'seed', 'single', 'multi', 'estimate'];
    const rows: unknown[][] = [];
    for (const { record, stale } of records) {
      for (const point of record.check?.points ?? []) {
        for (const seed of point.seeds) {
          const values = seed.monteCarlo ?? seed.exact;
          rows.push([...baseCells(record, stale), sweepText(point.sweepValues), seed.seed, values?.single, values?.multi, seed.monteCarlo ? 'monte_carlo' : 'exact']);
        }
      }
    }
    return renderCsv(header, rows);
  }
  const header = [...base, 'seeds', 'single_mean', 'single_se', 'multi_mean', 'multi_se', 'bound_single', 'bound_multi', 'verdicts_failed', 'wall_ms'];
  const rows: unknown[][] = [];
  for (const { record, stale } of records) {
    for (const point of record.check?.points ?? []) {
      const bounds = record.points.find((entry) => sweepText(entry.sweepValues) === sweepText(point.sweepValues))?.bounds;
      rows.push([
        ...baseCells(record, stale),
        sweepText(point.sweepValues),
        point.seeds.length,
        point.empirical.single.mean,
        point.empirical.single.se,
        point.empirical.multi.mean,
        point.empirical.multi.se,
        bounds?.single,
        bounds?.multi,
        point.verdicts
          .filter((verdict) => verdict.status === 'fail')
          .map((verdict) => verdict.name)
          .join(' '),
        record.timings.wallMs,
      ]);
    }
  }
  return renderCsv(header, rows);
}

function baseCells(record: ResultRecord, stale: boolean | undefined): unknown[] {
  return [
    record.id,
    record.createdAt,
    record.spec ?? '',
    record.experiment,
    record.status,
    record.partial,
    stale === undefined ? '' : stale,
    record.backend,
    record.engineVersion,
    record.configHash,
  ];
}

export function register(program: Command, context?: CliContext): void {
  const stdout = (text: string) => (context ? context.stdout(text) : process.stdout.write(text));
  const stderr = (line: string) => (context ? context.stderr(line) : process.stderr.write(`${line}\n`));
  program
    .command('results')
    .description('list and export stored check results (.msbound/results/), marking those made for another configuration as stale')
    .option('--spec <file>', 'only the results of this spec, with staleness against its current text')
    .option('--root <folder>', 'workspace folder that holds .msbound/ (default: found from --spec or the current folder)')
    .option('-e, --experiment <name>', 'only the results of this experiment')
    .option('--latest', 'only the newest result of each experiment')
    .option('--per-seed', 'CSV with one row per seed instead of one per point')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'csv']).default('text'))
    .action((options: ResultsOptions) => {
      if (options.perSeed && options.format !== 'csv') {
        throw new CliError('--per-seed applies to --format csv; add --format csv');
      }
      const listed = listResults(options);
      for (const problem of listed.problems) {
        stderr(`msbound: skipped ${problem.file}: ${problem.reason}`);
      }
      if (options.format === 'json') {
        stdout(`${JSON.stringify(listed.records.map(({ record, stale }) => (stale === undefined ? record : { ...record, stale })), null, 2)}\n`);
      } else if (options.format === 'csv') {
        stdout(renderResultsCsv(listed.records, options.perSeed === true));
      } else {
        stdout(renderText(listed.root, listed.records));
      }
    });
}
