/**
 * Shared set-up of the runner tests: builds the worker bundle from the
 * current sources into a temporary folder (so the tests never run a stale
 * dist/), points the supervisor at it, and provides spec texts.
 */
import * as esbuild from 'esbuild';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repositoryRoot = path.resolve(__dirname, '..', '..');

const external = ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-webgpu', 'webgpu'];

/** Bundles one TypeScript entry to CommonJS for Node 20, as esbuild.mjs does. */
export async function bundle(entry: string, outfile: string): Promise<void> {
  await esbuild.build({
    entryPoints: [path.resolve(repositoryRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    logLevel: 'error',
  });
}

/**
 * Builds dist-like worker.js (with the WASM binaries beside it) into a new
 * temporary folder and sets MSBOUND_WORKER_PATH. Returns the folder.
 */
export async function buildWorker(): Promise<string> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'msbound-runner-'));
  await bundle('server/src/runner/worker.ts', path.join(folder, 'worker.js'));
  await bundle('server/src/runner/deep-entry.ts', path.join(folder, 'worker-deep.js'));
  const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    copyFileSync(path.join(wasmDist, name), path.join(folder, name));
  }
  process.env.MSBOUND_WORKER_PATH = path.join(folder, 'worker.js');
  return folder;
}

export function removeFolder(folder: string | undefined): void {
  if (folder) {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * True while a process with this id runs (signal 0 only checks). On Linux
 * a zombie (exited, not yet reaped by its new parent) counts as exited.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

export async function waitFor(condition: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return condition();
}

/** A small Gaussian experiment: 3 sources, n = 200, D = 4, 2 shared coordinates. */
export function smallSpec(seeds: number, name = 'small', extra = ''): string {
  return [
    `experiment ${name} {`,
    '  sources K = 3',
    '  samples n = 200',
    '  model gaussian {',
    '    dim D = 4',
    '    shared d_sim = 2',
    '  }',
    `  check { seeds = ${seeds}; test_samples = 200 }`,
    extra,
    '}',
    '',
  ].join('\n');
}

/** A sweep over n with `seeds` seeds per point. */
export function sweepSpec(seeds: number, values = '[100, 300, 1000]'): string {
  return [
    'experiment sweep_n {',
    '  sources K = 3',
    '  samples n = 300',
    '  model gaussian {',
    '    dim D = 4',
    '    shared d_sim = 2',
    '  }',
    `  check { seeds = ${seeds}; test_samples = 200 }`,
    `  sweep n in ${values}`,
    '}',
    '',
  ].join('\n');
}

/** An experiment slow enough per seed (large n) to stop in the middle of. */
export function slowSpec(seeds: number): string {
  return [
    'experiment slow {',
    '  sources K = 5',
    '  samples n = 200000',
    '  model gaussian {',
    '    dim D = 10',
    '    shared d_sim = 5',
    '  }',
    `  check { seeds = ${seeds}; test_samples = 500 }`,
    '}',
    '',
  ].join('\n');
}
