// Bundles benchmark entry points with esbuild into a temporary folder, so
// that benchmarks run the same CommonJS code as dist/ without a build step.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const options = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'error',
  external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-webgpu', 'webgpu'],
};

/**
 * Bundles each `{ entry, file }` into one temporary folder, calls `run`
 * with that folder, and removes the folder afterwards.
 */
export async function withBundles(bundles, run) {
  const folder = mkdtempSync(join(tmpdir(), 'msbound-bench-'));
  try {
    for (const { entry, file } of bundles) {
      await esbuild.build({ ...options, entryPoints: [entry], outfile: join(folder, file) });
    }
    return await run(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Bundles bench/NAME.ts and runs it with `args`, passing its output through; sets the exit code. */
export async function runBenchmark(name, args = [], env = process.env) {
  await withBundles([{ entry: `bench/${name}.ts`, file: `${name}.cjs` }], (folder) => {
    const result = spawnSync(process.execPath, [join(folder, `${name}.cjs`), ...args], { stdio: 'inherit', env });
    process.exitCode = result.status ?? 1;
  });
}
