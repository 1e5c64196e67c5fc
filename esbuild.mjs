// Bundles the CLI, the language server, the check worker and the VS Code
// client into dist/. Each entry is one self-contained CommonJS file for
// Node 20, so the .vsix needs no node_modules.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'server/src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/lsp/main.ts', out: 'server' },
  { in: 'server/src/runner/worker.ts', out: 'worker' },
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
    await esbuild.build(options);
  }
}
