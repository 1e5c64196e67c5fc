import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-cli';

interface PlanJsonRow {
  experiment: string;
  sweep: Record<string, number>;
  parameters: Record<string, number>;
  n: { single: number | null; multi: number | null };
}

describe('msbound plan', () => {
  it('matches the closed form of the order-level bound', () => {
    const target = 0.1;
    const run = runBuiltCli(['plan', 'examples/figure1.msb', '--experiment', 'vary_sources', '--target', String(target), '--format', 'json']);
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as PlanJsonRow[];
    expect(rows).toHaveLength(5);

    // sqrt(P / n) <= target  <=>  n >= P / target^2, with P_single = K D and
    // P_multi = (K - 1)(D - d_sim) + D, D = 10 and d_sim = 5.
    for (const row of rows) {
      const K = row.sweep.K;
      expect(row.n.single).toBe(Math.ceil((K * 10) / target ** 2 - 1e-9));
      expect(row.n.multi).toBe(Math.ceil(((K - 1) * 5 + 10) / target ** 2 - 1e-9));
    }
  });

  it('requires a positive target', () => {
    const run = runBuiltCli(['plan', 'examples/figure1.msb', '--target', '-1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('positive number');
  });
});

describe('msbound plan exit code', () => {
  it('is 1 when a claim is refuted', () => {
    const folder = mkdtempSync(join(tmpdir(), 'msbound-plan-'));
    const spec = join(folder, 'refuted.msb');
    writeFileSync(
      spec,
      'experiment a {\n  sources K = 3\n  samples n = 300\n  model gaussian { dim D = 4; shared d_sim = 2 }\n  claim multi < 0.01\n}\n',
    );
    const run = runBuiltCli(['plan', spec, '--target', '0.5']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('MSB102');
  });
});
