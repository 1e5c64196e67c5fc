// Bundles bench/lsp-latency.ts with esbuild into a temporary folder and
// runs it from the repository root.
//
//   node bench/lsp-latency-run.mjs [edits]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'msbound-lsp-bench-'));
const bundle = join(folder, 'lsp-latency.cjs');
try {
  await esbuild.build({
    entryPoints: ['bench/lsp-latency.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  const result = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MSBOUND_ROOT: process.cwd() },
  });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
