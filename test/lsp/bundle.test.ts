/**
 * The language server and CLI bundles carry no TensorFlow.js: it loads
 * only in check workers (dist/worker-deep.js), which keeps the server
 * small and quick to start. `msbound.showBackend` probes the backends in a
 * worker instead (its result is tested in protocol.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer, repositoryRoot } from './client';

/** Module paths that esbuild writes into a bundle for each TensorFlow.js package it inlines. */
const tensorflowMarkers = ['node_modules/@tensorflow/tfjs-core/', 'node_modules/@tensorflow/tfjs-layers/', 'node_modules/@tensorflow/tfjs-backend-wasm/'];

beforeAll(() => {
  buildServer();
});

describe('bundles without TensorFlow.js', () => {
  for (const bundle of ['server.js', 'cli.js']) {
    it(`dist/${bundle}`, () => {
      const file = path.join(repositoryRoot, 'dist', bundle);
      expect(existsSync(file), `${file} was built`).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(tensorflowMarkers.filter((marker) => text.includes(marker))).toEqual([]);
    });
  }

  it('the deep-model worker does carry it (so the markers are the right ones)', () => {
    const text = readFileSync(path.join(repositoryRoot, 'dist', 'worker-deep.js'), 'utf8');
    expect(text).toContain('node_modules/@tensorflow/tfjs-core/');
  });
});
