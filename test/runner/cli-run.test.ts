/**
 * The command-line run: Ctrl-C (SIGINT) stops the check within a second,
 * keeps the finished seeds, stores the partial run, and the process exits
 * on its own with no worker left behind.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRecords } from '../../server/src/runner/store';
import { bundle, buildWorker, removeFolder, slowSpec } from './helpers';

let folder: string | undefined;
let workspace: string;

beforeAll(async () => {
  folder = await buildWorker();
  await bundle('test/runner/fixtures/cli-run.ts', path.join(folder, 'cli-run.js'));
  workspace = mkdtempSync(path.join(os.tmpdir(), 'msbound-cli-run-'));
  // The store folder marks the workspace root, so a `.msbound` in a folder above (such as the temporary folder) is not used instead.
  mkdirSync(path.join(workspace, '.msbound'));
});

afterAll(() => {
  removeFolder(folder);
  removeFolder(workspace);
});

it('Ctrl-C stores a partial run', async () => {
  const spec = path.join(workspace, 'slow.msb');
  writeFileSync(spec, slowSpec(2000));
  const child = spawn(process.execPath, [path.join(folder!, 'cli-run.js'), spec, 'slow'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let interruptedAt = 0;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (interruptedAt === 0 && /slow: [1-9]\d*\/2000 seed runs/.test(stderr)) {
      interruptedAt = Date.now();
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  const stoppedMs = Date.now() - interruptedAt;

  expect(interruptedAt).toBeGreaterThan(0);
  expect(code).toBe(0);
  // Stopping takes at most about 1 s; the process then exits by itself.
  expect(stoppedMs).toBeLessThan(2000);
  const result = JSON.parse(stdout) as { status: string; partial: boolean; completed: number; total: number };
  expect(result.status).toBe('cancelled');
  expect(result.partial).toBe(true);
  expect(result.completed).toBeGreaterThan(0);
  expect(result.completed).toBeLessThan(2000);
  expect(stderr).toContain('slow: stopping; the seeds that finished are kept');
  expect(stderr).toContain(`slow: stopped early; the output holds ${result.completed} of 2000 seed runs`);

  const { records, problems } = readRecords(workspace);
  expect(problems).toEqual([]);
  expect(records.map((record) => [record.spec, record.status, record.partial, record.completedUnits])).toEqual([['slow.msb', 'cancelled', true, result.completed]]);
});
