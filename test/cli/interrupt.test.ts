import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from './run-cli';

/** A check slow enough to interrupt: 100,000 test pairs per seed. */
const slowSpec = `experiment slow {
  sources K = 5
  samples n = 500
  model gaussian { dim D = 10; similarity sim = 0.5; mean_bound B = 6 }
  check { seeds = 5000; test_samples = 100000 }
}
`;

describe('msbound check interrupted', () => {
  it('stops on SIGINT and prints the finished seeds as partial', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'msbound-interrupt-'));
    const spec = join(folder, 'slow.msb');
    writeFileSync(spec, slowSpec);

    const child = spawn(process.execPath, [cliPath, 'check', spec, '--format', 'json', '--no-store'], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));

    // Wait for the first progress line, which the CLI prints after a second of work.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress within 30 s; stderr: ${stderr}`)), 30_000);
      child.stderr.on('data', () => {
        if (stderr.includes('seed runs')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });

    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const stopSeconds = (Date.now() - interruptedAt) / 1000;

    expect(code, `stderr: ${stderr}`).toBe(130);
    // One second to stop, plus process exit and output on a loaded machine.
    expect(stopSeconds).toBeLessThan(3);
    expect(stderr).toContain('stopped early');

    const rows = JSON.parse(stdout) as { partial: boolean; seeds: number; empirical: { single: { count: number } } }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].partial).toBe(true);
    expect(rows[0].empirical.single.count).toBeGreaterThan(0);
    expect(rows[0].empirical.single.count).toBeLessThan(5000);
  });
});
