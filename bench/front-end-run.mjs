// Bundles bench/front-end.ts with esbuild into a temporary folder and runs it.
//
//   node bench/front-end-run.mjs
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'msbound-bench-'));
const bundle = join(folder, 'front-end.cjs');

try {
  await esbuild.build({
    entryPoints: ['bench/front-end.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  const result = spawnSync(process.execPath, [bundle], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
