/**
 * Compute backends: detection with reasons, forced choices, deep-model
 * checks through the workers, and that training releases its tensors
 * (tf.memory().numTensors back to its starting value after every seed).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import { activateBackend, BACKEND_NAMES, detectBackends, parseBackendName } from '../../server/src/runner/backends';
import { startCheck } from '../../server/src/runner/supervisor';
import { buildWorker, removeFolder, repositoryRoot } from './helpers';

const trainingEntry = path.join(repositoryRoot, 'server', 'src', 'training', 'index.ts');
const hasTraining = existsSync(trainingEntry);

/** A tiny autoregressive experiment: sequences of 2 tokens over 2 symbols, 20 Adam steps. */
function deepSpec(seeds: number): string {
  return [
    'experiment tiny_arm {',
    '  sources K = 2',
    '  samples n = 40',
    '  model autoregressive {',
    '    length T = 2',
    '    vocabulary V = 2',
    '    hidden = [4]',
    '    train_steps = 20',
    '  }',
    `  check { seeds = ${seeds} }`,
    '}',
    '',
  ].join('\n');
}

let folder: string | undefined;

beforeAll(async () => {
  folder = await buildWorker();
});

afterAll(() => {
  removeFolder(folder);
});

describe('backend detection', () => {
  it('lists backends with reasons', async () => {
    const statuses = await detectBackends();
    expect(statuses.map((status) => status.name)).toEqual([...BACKEND_NAMES]);
    for (const status of statuses) {
      expect(status.reason.length).toBeGreaterThan(10);
    }
    const byName = Object.fromEntries(statuses.map((status) => [status.name, status]));
    expect(byName.cpu.available).toBe(true);
    expect(byName.wasm.available).toBe(true);
    expect(byName.wasm.version).toBe(tf.version.tfjs);
    // The native packages cannot be installed on this machine (no download host), so they are reported as missing.
    for (const name of ['tfjs-node', 'tfjs-node-gpu'] as const) {
      if (!byName[name].available) {
        expect(byName[name].reason).toMatch(/^(not installed \(npm install @tensorflow\/tfjs-node(-gpu)?\)|failed to load: |no CUDA device)/);
      }
    }
  });

  it('reports packages that fail to load', async () => {
    // Stand-ins in a workspace's node_modules: one that throws on load, one that loads without a device behind it.
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'msbound-backends-'));
    const fake = (name: string, body: string) => {
      const folder = path.join(workspace, 'node_modules', ...name.split('/'));
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name, version: '9.9.9', main: 'index.js' }));
      writeFileSync(path.join(folder, 'index.js'), body);
    };
    fake('@tensorflow/tfjs-node', "throw new Error('libtensorflow.so.2: cannot open shared object file');");
    fake('@tensorflow/tfjs-node-gpu', 'module.exports = {};');
    const previous = process.cwd();
    process.chdir(workspace);
    try {
      const byName = Object.fromEntries((await detectBackends()).map((status) => [status.name, status]));
      expect(byName['tfjs-node'].available).toBe(false);
      expect(byName['tfjs-node'].reason).toBe('failed to load: libtensorflow.so.2: cannot open shared object file');
      expect(byName['tfjs-node'].version).toBe('9.9.9');
      expect(byName['tfjs-node-gpu'].available).toBe(false);
      expect(byName['tfjs-node-gpu'].reason).toMatch(/^(no CUDA device \(no NVIDIA driver found\)|TensorFlow\.js could not initialise the tensorflow backend)/);
    } finally {
      process.chdir(previous);
      removeFolder(workspace);
    }
  });

  it('rejects unknown or unavailable backend', async () => {
    expect(parseBackendName('tpu')).toEqual({ error: 'unknown backend \'tpu\'; use auto, tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu' });
    expect(parseBackendName(undefined)).toBe('auto');
    await expect(activateBackend('tpu')).rejects.toThrow(/unknown backend 'tpu'/);
    const statuses = await detectBackends();
    const missing = statuses.find((status) => !status.available);
    if (missing) {
      await expect(activateBackend(missing.name)).rejects.toThrow(`backend ${missing.name} is not available: ${missing.reason}`);
    }
    const forced = await activateBackend('cpu');
    expect([forced.name, forced.tfBackend, tf.getBackend()]).toEqual(['cpu', 'cpu', 'cpu']);
  });
});

describe.skipIf(!hasTraining)('deep-model checks (needs server/src/training)', () => {
  it('training releases tensors each seed', async () => {
    const { runDeepSeed } = await import('../../server/src/training/index');
    const point = analyze(deepSpec(1)).experiments[0].points[0].point;
    for (const backend of ['wasm', 'cpu']) {
      const active = await activateBackend(backend);
      const start = tf.memory().numTensors;
      for (const seed of [1, 2, 3]) {
        const result = await runDeepSeed(point, seed, { backend: active.tfBackend });
        expect(result.seed).toBe(seed);
        expect(tf.memory().numTensors).toBe(start);
      }
    }
  });

  it('deep check records backend and versions', async () => {
    const outcome = await startCheck({ specText: deepSpec(2), experiment: 'tiny_arm', workers: 2, backend: 'cpu' }, () => undefined).done;
    expect(outcome.status, outcome.error).toBe('finished');
    expect(outcome.backend).toBe('cpu');
    expect(outcome.versions.tfjs).toBe(tf.version.tfjs);
    expect(outcome.versions.backendPackage).toBe(`@tensorflow/tfjs@${tf.version.tfjs}`);
    expect(outcome.check!.points[0].seeds.map((seed) => seed.seed)).toEqual([0, 1]);
  });

  it('auto picks wasm with bundled binaries', async () => {
    const outcome = await startCheck({ specText: deepSpec(1), experiment: 'tiny_arm', workers: 1 }, () => undefined).done;
    expect(outcome.status, outcome.error).toBe('finished');
    expect(outcome.backend).toBe('wasm');
    expect(outcome.versions.backendPackage).toBe(`@tensorflow/tfjs-backend-wasm@${tf.version.tfjs}`);
  });

  it('missing forced backend fails with reason', async () => {
    const outcome = await startCheck({ specText: deepSpec(1), experiment: 'tiny_arm', workers: 1, backend: 'tfjs-node' }, () => undefined).done;
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/worker 1 failed at seed 0 of point 1: backend tfjs-node is not available: /);
  });
});

if (!hasTraining) {
  it.skip('deep-model checks: server/src/training/index.ts is absent, so the tensor-release test cannot run', () => undefined);
}
