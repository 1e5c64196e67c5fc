import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBuiltCli } from './run-cli';

interface Summary {
  mean: number;
  se: number;
  count: number;
}

interface CheckJsonRow {
  experiment: string;
  sweep: Record<string, number>;
  seeds: number;
  bound: { single: number; multi: number };
  empirical: { single: Summary; multi: Summary };
  exact: { single: Summary; multi: Summary } | null;
  verdicts: { name: string; status: string; message: string }[];
  partial: boolean;
}

describe('msbound check', () => {
  it('runs every sweep point with the requested seeds', () => {
    const run = runBuiltCli(['check', 'examples/figure1.msb', '--experiment', 'vary_samples', '--seeds', '40', '--format', 'json', '--no-store']);
    expect(run.status === 0 || run.status === 1).toBe(true);
    const rows = JSON.parse(run.stdout) as CheckJsonRow[];

    expect(rows.map((row) => row.sweep.n)).toEqual([100, 300, 500, 1000, 5000]);
    for (const row of rows) {
      expect(row.seeds).toBe(40);
      expect(row.partial).toBe(false);
      expect(row.empirical.single.count).toBe(40);
      expect(row.exact).not.toBeNull();
      expect(row.verdicts.map((v) => v.name)).toContain('ordering');
    }
  });

  it('agrees with the exact TV within the standard errors', () => {
    const run = runBuiltCli(['check', 'examples/figure1.msb', '--experiment', 'vary_sources', '--seeds', '200', '--format', 'json', '--no-store']);
    const rows = JSON.parse(run.stdout) as CheckJsonRow[];
    expect(rows).toHaveLength(5);

    for (const row of rows) {
      for (const kind of ['single', 'multi'] as const) {
        const monteCarlo = row.empirical[kind];
        const exact = row.exact![kind];
        const se = Math.hypot(monteCarlo.se, exact.se);
        expect(Math.abs(monteCarlo.mean - exact.mean), `${kind} at K=${row.sweep.K}`).toBeLessThan(4 * se);
      }
    }
  });

  it('shows the empirical TV falling as n grows', () => {
    const run = runBuiltCli(['check', 'examples/figure1.msb', '--experiment', 'vary_samples', '--seeds', '100', '--format', 'json', '--no-store']);
    const rows = JSON.parse(run.stdout) as CheckJsonRow[];
    const single = rows.map((row) => row.empirical.single.mean);
    for (let i = 1; i < single.length; i++) {
      expect(single[i]).toBeLessThan(single[i - 1]);
    }
  });

  it('prints a table with verdicts', () => {
    const run = runBuiltCli(['check', 'examples/figure1.msb', '--experiment', 'vary_similarity', '--seeds', '20', '--no-store']);
    expect(run.stdout).toContain('experiment vary_similarity');
    expect(run.stdout).toContain('TV multi (mean ± se)');
    expect(run.stdout).toMatch(/ordering (pass|fail|inconclusive)/);
  });

  it('writes one CSV row per sweep point', () => {
    const run = runBuiltCli(['check', 'examples/figure1.msb', '--experiment', 'vary_sources', '--seeds', '10', '--format', 'csv', '--no-store']);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toContain('empirical_multi_mean');
  });
});

describe('msbound check results', () => {
  it('stores the run where msbound results finds it', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'msbound-store-'));
    mkdirSync(join(workspace, '.msbound'));
    const spec = join(workspace, 'figure1.msb');
    copyFileSync(join(repoRoot, 'examples/figure1.msb'), spec);

    const run = runBuiltCli(['check', spec, '--experiment', 'vary_sources', '--seeds', '8']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ran on plain JavaScript');
    expect(readdirSync(join(workspace, '.msbound', 'results')).filter((name) => name.endsWith('.json'))).toHaveLength(1);

    const listing = runBuiltCli(['results', '--spec', spec, '--format', 'json']);
    expect(listing.status).toBe(0);
    expect(listing.stdout).toContain('vary_sources');
  });
});

describe('msbound check time limits', () => {
  it('stops a slow experiment at its time_limit and runs the next', () => {
    const folder = mkdtempSync(join(tmpdir(), 'msbound-limit-'));
    const spec = join(folder, 'limits.msb');
    const model = 'model gaussian { dim D = 10; similarity sim = 0.5; mean_bound B = 6 }';
    writeFileSync(
      spec,
      `experiment slow {\n  sources K = 5\n  samples n = 500\n  ${model}\n  check { seeds = 5000; test_samples = 100000; time_limit = 0.5 }\n}\n` +
        `experiment fast {\n  sources K = 5\n  samples n = 500\n  ${model}\n  check { seeds = 5 }\n}\n`,
    );

    const run = runBuiltCli(['check', spec, '--format', 'json', '--no-store']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('time limit of 0.5 s');
    const rows = JSON.parse(run.stdout) as { experiment: string; partial: boolean; seeds: number }[];
    const fast = rows.find((row) => row.experiment === 'fast');
    expect(fast).toBeDefined();
    expect(fast!.partial).toBe(false);
    expect(fast!.seeds).toBe(5);
  });
});

describe('msbound check --time-limit', () => {
  it('accepts fractions of a second', () => {
    const run = runBuiltCli(['check', 'examples/figure1.msb', '--experiment', 'defaults', '--time-limit', '2.5', '--no-store']);
    expect(run.stderr).not.toContain('expected');
    expect(run.status).toBe(0);
  });

  it('rejects a negative limit', () => {
    const run = runBuiltCli(['check', 'examples/figure1.msb', '--time-limit', '-1', '--no-store']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('positive number');
  });
});
