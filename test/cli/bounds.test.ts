import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-cli';

/**
 * The "theoretical TV bound" columns of the three result tables published
 * with Wang et al. (ICML 2025), one entry per sweep point of Figure 1.
 */
const publishedOrderBounds = [
  { experiment: 'vary_sources', sweep: { K: 1 }, single: 0.1414213562373095, multi: 0.1414213562373095 },
  { experiment: 'vary_sources', sweep: { K: 3 }, single: 0.2449489742783178, multi: 0.2 },
  { experiment: 'vary_sources', sweep: { K: 5 }, single: 0.31622776601683794, multi: 0.2449489742783178 },
  { experiment: 'vary_sources', sweep: { K: 10 }, single: 0.447213595499958, multi: 0.33166247903553997 },
  { experiment: 'vary_sources', sweep: { K: 15 }, single: 0.5477225575051661, multi: 0.4 },
  { experiment: 'vary_samples', sweep: { n: 100 }, single: 0.7071067811865476, multi: 0.5477225575051661 },
  { experiment: 'vary_samples', sweep: { n: 300 }, single: 0.408248290463863, multi: 0.31622776601683794 },
  { experiment: 'vary_samples', sweep: { n: 500 }, single: 0.31622776601683794, multi: 0.2449489742783178 },
  { experiment: 'vary_samples', sweep: { n: 1000 }, single: 0.223606797749979, multi: 0.17320508075688773 },
  { experiment: 'vary_samples', sweep: { n: 5000 }, single: 0.1, multi: 0.07745966692414834 },
  { experiment: 'vary_similarity', sweep: { sim: 0 }, single: 0.31622776601683794, multi: 0.31622776601683794 },
  { experiment: 'vary_similarity', sweep: { sim: 0.3 }, single: 0.31622776601683794, multi: 0.27568097504180444 },
  { experiment: 'vary_similarity', sweep: { sim: 0.5 }, single: 0.31622776601683794, multi: 0.2449489742783178 },
  { experiment: 'vary_similarity', sweep: { sim: 0.7 }, single: 0.31622776601683794, multi: 0.20976176963403032 },
  { experiment: 'vary_similarity', sweep: { sim: 1 }, single: 0.31622776601683794, multi: 0.1414213562373095 },
];

interface JsonRow {
  experiment: string;
  sweep: Record<string, number>;
  preset: string;
  bound: { single: number; multi: number; ratio: number; ratioIdentity: number };
}

describe('msbound bounds', () => {
  it('reproduces the published Figure 1 bounds', () => {
    const run = runBuiltCli(['bounds', 'examples/figure1.msb', '--format', 'json']);
    expect(run.stderr).toBe('');
    const rows = JSON.parse(run.stdout) as JsonRow[];

    for (const expected of publishedOrderBounds) {
      const row = rows.find(
        (r) => r.experiment === expected.experiment && JSON.stringify(r.sweep) === JSON.stringify(expected.sweep),
      );
      expect(row, `${expected.experiment} ${JSON.stringify(expected.sweep)}`).toBeDefined();
      expect(row!.preset).toBe('paper');
      expect(Math.abs(row!.bound.single - expected.single)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(row!.bound.multi - expected.multi)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('reports the ratio identity at every point', () => {
    const run = runBuiltCli(['bounds', 'examples/figure1.msb', '--format', 'json']);
    const rows = JSON.parse(run.stdout) as JsonRow[];
    expect(rows.length).toBeGreaterThanOrEqual(publishedOrderBounds.length);
    for (const row of rows) {
      expect(Math.abs(row.bound.ratio - row.bound.ratioIdentity)).toBeLessThan(1e-12);
    }
  });

  it('prints one CSV row per sweep point', () => {
    const run = runBuiltCli(['bounds', 'examples/figure1.msb', '--experiment', 'vary_sources', '--format', 'csv']);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1 + 5);
    const header = lines[0].split(',');
    const single = header.indexOf('bound_single');
    expect(single).toBeGreaterThan(0);
    expect(Number(lines[3].split(',')[single])).toBe(0.31622776601683794);
  });

  it('prints a readable text table', () => {
    const run = runBuiltCli(['bounds', 'examples/figure1.msb', '--experiment', 'vary_similarity']);
    expect(run.status).not.toBe(2);
    expect(run.stdout).toContain('experiment vary_similarity');
    expect(run.stdout).toContain('0.316228');
    expect(run.stdout).toContain('0.209762');
  });

  it('rejects an unknown experiment with the valid names', () => {
    const run = runBuiltCli(['bounds', 'examples/figure1.msb', '--experiment', 'nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no experiment named 'nope'");
    expect(run.stderr).toContain('vary_sources');
  });

  it('reports a missing file with exit code 2', () => {
    const run = runBuiltCli(['bounds', 'examples/does-not-exist.msb']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('examples/does-not-exist.msb');
    expect(run.stderr).toContain('failed to read');
  });

  it('reports spec errors as file:line:col', () => {
    const folder = mkdtempSync(join(tmpdir(), 'msbound-cli-'));
    const file = join(folder, 'broken.msb');
    writeFileSync(file, 'experiment a {\n  sources K = 5\n  δ samplez n = 500\n}\n');
    const run = runBuiltCli(['bounds', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: error: `));
  });

  it('rejects a bad option value as a usage error', () => {
    const run = runBuiltCli(['bounds', 'examples/figure1.msb', '--format', 'yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('yaml');
  });
});

describe('msbound bounds with an invalid sweep point', () => {
  it('skips the point with a warning and keeps the others', () => {
    const folder = mkdtempSync(join(tmpdir(), 'msbound-sweep-'));
    const spec = join(folder, 'grid.msb');
    writeFileSync(
      spec,
      'experiment a {\n  sources K = 3\n  samples n = 300\n  model gaussian { dim D = 4; shared d_sim = 4 }\n  sweep D in [2, 4, 8]\n}\n',
    );
    const run = runBuiltCli(['bounds', spec, '--format', 'json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/grid\.msb:5:\d+: warning: .*skipped.*\[MSB034\]/);
    const rows = JSON.parse(run.stdout) as { sweep: { D: number } }[];
    expect(rows.map((row) => row.sweep.D)).toEqual([4, 8]);
  });
});
