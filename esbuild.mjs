// Bundles the CLI, the language server, the check worker and the VS Code
// client into dist/. Each entry is one self-contained CommonJS file for
// Node 20, so the .vsix needs no node_modules.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const entries = [
  { in: 'server/src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/lsp/main.ts', out: 'server' },
  { in: 'server/src/runner/worker.ts', out: 'worker' },
  // Loaded by the worker only for deep-model points (TensorFlow.js inside).
  { in: 'server/src/runner/deep-entry.ts', out: 'worker-deep' },
  { in: 'client/src/extension.ts', out: 'client' },
];

// Optional accelerators and the editor API are resolved at run time.
const external = [
  'vscode',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-backend-webgpu',
  'webgpu',
];

const watch = process.argv.includes('--watch');
const failed = [];

for (const entry of entries) {
  if (!existsSync(entry.in)) {
    continue;
  }
  const options = {
    entryPoints: { [entry.out]: entry.in },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external,
    logLevel: 'warning',
    banner: entry.banner ? { js: entry.banner } : undefined,
  };
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    // One broken entry must not stop the others from building.
    try {
      await esbuild.build(options);
    } catch {
      failed.push(entry.in);
    }
  }
}

// Script of the results webview: a browser bundle with Vega, Vega-Lite and
// vega-embed inside, since a webview may load nothing from the network.
const webviewEntry = 'client/src/results/webview/main.ts';
if (existsSync(webviewEntry)) {
  const webviewOptions = {
    entryPoints: [webviewEntry],
    outfile: 'dist/results/webview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
  };
  if (watch) {
    await (await esbuild.context(webviewOptions)).watch();
  } else {
    try {
      await esbuild.build(webviewOptions);
    } catch {
      failed.push(webviewEntry);
    }
  }
}

// The WASM backend of TensorFlow.js loads its binaries at run time from the
// folder given to setWasmPaths; the check worker points it at dist/.
const wasmBinaries = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
try {
  const require = createRequire(import.meta.url);
  const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  mkdirSync('dist', { recursive: true });
  for (const name of wasmBinaries) {
    copyFileSync(join(wasmDist, name), join('dist', name));
  }
} catch (error) {
  console.error(`the WASM binaries were not copied into dist/: ${error.message}`);
  failed.push('tfjs-backend-wasm binaries');
}

if (failed.length > 0) {
  console.error(`build failed for: ${failed.join(', ')}`);
  process.exitCode = 1;
}
