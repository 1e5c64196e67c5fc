/**
 * Selects the TensorFlow.js backend for training. WebAssembly is the
 * default when its binaries load, because one Adam step of a small
 * network costs several times less there than on the pure JavaScript
 * CPU backend (bench/deep.ts measures both).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Backends this module can set up itself; others must already be registered with tfjs. */
export const TRAINING_BACKENDS = ['wasm', 'cpu'] as const;

/** File that marks a folder holding the WebAssembly binaries. */
const WASM_BINARY = 'tfjs-backend-wasm.wasm';

/**
 * Finds the folder with the WebAssembly binaries: the MSBOUND_WASM_DIR
 * environment variable, the installed package's dist folder, or the
 * folder of this bundle (where a packaged extension copies them).
 */
export function wasmBinaryDirectory(): string | undefined {
  const candidates: string[] = [];
  if (process.env.MSBOUND_WASM_DIR) {
    candidates.push(process.env.MSBOUND_WASM_DIR);
  }
  try {
    const base = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
    const packageJson = createRequire(base).resolve('@tensorflow/tfjs-backend-wasm/package.json');
    candidates.push(path.join(path.dirname(packageJson), 'dist'));
  } catch {
    // Not installed next to this file; try the folders below.
  }
  try {
    const packageJson = createRequire(path.join(process.cwd(), 'index.js')).resolve('@tensorflow/tfjs-backend-wasm/package.json');
    candidates.push(path.join(path.dirname(packageJson), 'dist'));
  } catch {
    // Not installed under the working folder either.
  }
  if (typeof __dirname === 'string') {
    candidates.push(__dirname, path.join(__dirname, 'wasm'));
  }
  return candidates.find((directory) => existsSync(path.join(directory, WASM_BINARY)));
}

// Point tfjs at the binaries as soon as this module loads: importing the
// wasm package registers it as the highest-priority backend, and any tfjs
// call made before a backend is chosen initialises it from these paths.
const initialWasmDirectory = wasmBinaryDirectory();
if (initialWasmDirectory !== undefined) {
  setWasmPaths(initialWasmDirectory + path.sep);
}
let wasmPathsSet = initialWasmDirectory !== undefined;

async function trySetBackend(name: string): Promise<string | undefined> {
  if (name === 'wasm' && !wasmPathsSet) {
    const directory = wasmBinaryDirectory();
    if (directory === undefined) {
      return `the WebAssembly binaries (${WASM_BINARY}) were not found; set MSBOUND_WASM_DIR to their folder`;
    }
    setWasmPaths(directory + path.sep);
    wasmPathsSet = true;
  }
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) {
      return `tfjs could not initialise backend '${name}'`;
    }
    return undefined;
  } catch (error) {
    return `backend '${name}' failed to initialise: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Activates a backend and returns its name. With no name, tries wasm and
 * then cpu. A named backend that fails raises an error with the reason,
 * because silently training elsewhere would make timings misleading.
 */
export async function useTrainingBackend(name?: string): Promise<string> {
  // PROD silences tfjs's console advice to install tfjs-node, which would
  // otherwise reach the output of every worker process.
  tf.env().set('PROD', true);
  if (name !== undefined) {
    if (tf.getBackend() === name) {
      return name;
    }
    const problem = await trySetBackend(name);
    if (problem !== undefined) {
      throw new Error(`Cannot train on backend '${name}': ${problem}. Use backend 'wasm' or 'cpu'.`);
    }
    return name;
  }
  const current = tf.getBackend();
  if (current === 'wasm') {
    return current;
  }
  if ((await trySetBackend('wasm')) === undefined) {
    return 'wasm';
  }
  const problem = await trySetBackend('cpu');
  if (problem !== undefined) {
    throw new Error(`Cannot train: neither wasm nor cpu initialised (${problem}).`);
  }
  return 'cpu';
}
