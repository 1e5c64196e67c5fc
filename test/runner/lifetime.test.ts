/**
 * No worker outlives its parent: when the process that started a check is
 * killed (SIGKILL, so it cannot clean up), its workers see the IPC channel
 * close and exit on their own.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundle, buildWorker, isAlive, removeFolder, slowSpec, waitFor } from './helpers';

let folder: string | undefined;

beforeAll(async () => {
  folder = await buildWorker();
  await bundle('test/runner/fixtures/parent.ts', path.join(folder, 'parent.js'));
});

afterAll(() => {
  removeFolder(folder);
});

it('workers exit when their parent is killed', async () => {
  const spec = path.join(folder!, 'slow.msb');
  writeFileSync(spec, slowSpec(5000));
  const parent = spawn(process.execPath, [path.join(folder!, 'parent.js'), spec, 'slow'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env },
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        resolve(buffer.slice(0, newline));
      }
    });
    parent.on('exit', (code) => reject(new Error(`the parent exited early with code ${code}`)));
  });
  const { workers } = JSON.parse(line) as { pid: number; workers: number[] };
  expect(workers).toHaveLength(2);
  expect(workers.every(isAlive)).toBe(true);

  parent.kill('SIGKILL');
  // A worker notices at the end of its current batch (about 60 ms of work).
  expect(await waitFor(() => workers.every((pid) => !isAlive(pid)), 3000)).toBe(true);
});
