import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedPoint } from '../../server/src/core/semantics/model';
import { RandomStream } from '../../server/src/core/simulation/random';
import { readAutoregressiveSettings } from '../../server/src/core/theory/classes/autoregressive-architecture';
import { readEnergySettings } from '../../server/src/core/theory/classes/energy-architecture';
import { autoregressiveProblem } from '../../server/src/training/autoregressive-problem';
import { energyProblem } from '../../server/src/training/energy-problem';
import { DeepCheckError, runDeepSeed, TrainingAbortedError, useTrainingBackend } from '../../server/src/training/index';
import { NetworkStack } from '../../server/src/training/network-stack';
import type { DeepProblem } from '../../server/src/training/problem';
import { averageTotalVariation, sampleLogLikelihood, sampleTrainingPairs } from '../../server/src/training/run-seed';
import { autoregressiveLogProbabilities, energyLogProbabilities } from './reference-network';

function point(modelClass: 'autoregressive' | 'energy', settings: Record<string, number | number[] | string>, K: number, n: number): ResolvedPoint {
  return {
    experiment: 'test',
    sweepValues: {},
    bindings: {},
    K,
    sourceNames: Array.from({ length: K }, (_, k) => `s${k + 1}`),
    weights: new Array(K).fill(1 / K),
    n,
    delta: 0.05,
    preset: 'mle_bracketing',
    C: 3,
    model: { modelClass, settings },
    check: { seeds: [3], testSamples: 500 },
  };
}

/** Flat parameter vector of source k in the reference layout: per layer, free weights row-major, then biases. */
function sourceParameters(stack: NetworkStack, k: number): Float64Array {
  const values: number[] = [];
  const layers = stack.layerValues();
  stack.specs.forEach((spec, index) => {
    const weights = layers[index].weights;
    const copy = spec.weightCopies === 1 ? 0 : k;
    const perCopy = spec.inputs * spec.outputs;
    for (let i = 0; i < perCopy; i++) {
      if (spec.mask === undefined || spec.mask[i] === 1) {
        values.push(weights[copy * perCopy + i]);
      }
    }
    const biases = layers[index].biases;
    const biasCopy = spec.biasCopies === 1 ? 0 : k;
    for (let o = 0; o < spec.outputs; o++) {
      values.push(biases[biasCopy * spec.outputs + o]);
    }
  });
  return Float64Array.from(values);
}

function compareWithReference(problem: DeepProblem, reference: (theta: Float64Array) => number[], sharedLayers: number): void {
  const stack = new NetworkStack(problem.stackSpecs(sharedLayers), problem.settings.activation, new RandomStream(5));
  try {
    const table = problem.domainLogProbabilities(stack);
    for (let k = 0; k < problem.sources; k++) {
      const expected = reference(sourceParameters(stack, k));
      for (let x = 0; x < problem.domainSize; x++) {
        expect(Math.abs(table[k * problem.domainSize + x] - expected[x])).toBeLessThan(2e-5);
      }
    }
  } finally {
    stack.dispose();
  }
}

beforeAll(async () => {
  // WebAssembly loads from node_modules here, so it must be the default.
  expect(await useTrainingBackend()).toBe('wasm');
});

describe('batched networks', () => {
  it('match the float64 reference for sequences', () => {
    const cases: Record<string, number | number[] | string>[] = [
      { length: 3, vocabulary: 3, hidden: [5, 4], activation: 'tanh' },
      { length: 1, vocabulary: 4, hidden: [3], activation: 'relu' },
      { length: 2, vocabulary: 2, hidden: [6], shared: 'all_but_embedding' },
    ];
    for (const raw of cases) {
      const { settings } = readAutoregressiveSettings(raw);
      // Three sources take the block-diagonal products, ten the batched ones.
      for (const sources of [3, 10]) {
        const problem = autoregressiveProblem(settings, sources);
        for (const shared of [0, settings.sharedLayers]) {
          compareWithReference(problem, (theta) => autoregressiveLogProbabilities(settings, theta), shared);
        }
      }
    }
  });

  it('give the sample log-likelihood in both layouts', () => {
    const { settings } = readAutoregressiveSettings({ length: 3, vocabulary: 3, hidden: [5, 4], shared: 'hidden' });
    const problem = autoregressiveProblem(settings, 4);
    const random = new RandomStream(21);
    const stack = new NetworkStack(problem.stackSpecs(1), settings.activation, random);
    const table = problem.domainLogProbabilities(stack);
    // 40 pairs give padded samples (27 sequences > 10 per source), 4000 give counts over the domain.
    for (const n of [40, 4000]) {
      const sample = sampleTrainingPairs(table, [0.1, 0.2, 0.3, 0.4], problem.domainSize, n, random);
      const prepared = problem.prepare(sample);
      const value = prepared.logLikelihood(stack);
      expect(value.dataSync()[0]).toBeCloseTo(sampleLogLikelihood(table, sample, problem.domainSize), 1);
      value.dispose();
      prepared.dispose();
    }
    stack.dispose();
  });

  it('match the float64 reference for grids', () => {
    const cases: Record<string, number | number[] | string>[] = [
      { dim: 1, resolution: 9, hidden: [4, 3], activation: 'tanh' },
      { dim: 2, resolution: 5, hidden: [6], activation: 'relu', shared: 'none' },
    ];
    for (const raw of cases) {
      const { settings } = readEnergySettings(raw);
      const problem = energyProblem(settings, 2);
      for (const shared of [0, settings.sharedLayers]) {
        compareWithReference(problem, (theta) => energyLogProbabilities(settings, theta), shared);
      }
    }
  });
});

describe('exact total variation', () => {
  it('computes a hand example', () => {
    // Source 1: TV((0.5, 0.5), (0.25, 0.75)) = 0.25; source 2: identical, 0.
    const p = Float64Array.from([0.5, 0.5, 0.1, 0.9].map(Math.log));
    const q = Float64Array.from([0.25, 0.75, 0.1, 0.9].map(Math.log));
    expect(averageTotalVariation(p, q, [0.5, 0.5], 2)).toBeCloseTo(0.125, 12);
    expect(averageTotalVariation(p, q, [1, 0], 2)).toBeCloseTo(0.25, 12);
  });

  it('samples pairs from the true distribution', () => {
    const log = Float64Array.from([0.2, 0.3, 0.5, 0.7, 0.2, 0.1].map(Math.log));
    const n = 60000;
    const sample = sampleTrainingPairs(log, [0.25, 0.75], 3, n, new RandomStream(1));
    expect(Math.abs(sample.counts[0] / n - 0.25)).toBeLessThan(0.01);
    const frequencies = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      frequencies[sample.labels[i] * 3 + sample.elements[i]]++;
    }
    for (let k = 0; k < 2; k++) {
      for (let x = 0; x < 3; x++) {
        expect(Math.abs(frequencies[k * 3 + x] / sample.counts[k] - Math.exp(log[k * 3 + x]))).toBeLessThan(0.015);
      }
    }
  });
});

describe('runDeepSeed', () => {
  const small = point('autoregressive', { length: 3, vocabulary: 2, hidden: [8], train_steps: 150 }, 3, 300);

  it('is deterministic and releases its tensors', async () => {
    const before = tf.memory().numTensors;
    const first = await runDeepSeed(small, 7);
    expect(tf.memory().numTensors).toBe(before);
    const second = await runDeepSeed(small, 7);
    expect(tf.memory().numTensors).toBe(before);
    expect(second).toEqual(first);
    const other = await runDeepSeed(small, 8);
    expect(other.exact?.single).not.toBe(first.exact?.single);
  });

  it('reports exact errors, premise gaps and sources', async () => {
    const result = await runDeepSeed(point('energy', { dim: 1, resolution: 16, hidden: [6], train_steps: 300 }, 2, 400), 3);
    expect(result.monteCarlo).toBeUndefined();
    expect(result.exact?.single).toBeGreaterThan(0);
    expect(result.exact?.single).toBeLessThan(1);
    expect(result.exact?.multi).toBeGreaterThan(0);
    expect(Number.isFinite(result.logLikelihoodGap.single)).toBe(true);
    expect(result.emptySources).toEqual([]);
  });

  it('lists sources without samples', async () => {
    const result = await runDeepSeed(point('autoregressive', { length: 2, vocabulary: 2, hidden: [4], train_steps: 20 }, 40, 5), 1);
    expect(result.emptySources.length).toBeGreaterThanOrEqual(35);
  });

  it('converges to the truth with much data', async () => {
    // One source, 8 grid points, 100000 pairs: the MLE is close to the truth.
    const result = await runDeepSeed(point('energy', { dim: 1, resolution: 8, hidden: [8], train_steps: 1500, learning_rate: 0.05 }, 1, 100000), 2);
    expect(result.exact?.single).toBeLessThan(0.02);
  });

  it('rejects a domain past max_domain', async () => {
    const large = point('autoregressive', { length: 12, vocabulary: 4, max_domain: 65536 }, 2, 100);
    await expect(runDeepSeed(large, 1)).rejects.toThrow(DeepCheckError);
    await expect(runDeepSeed(large, 1)).rejects.toThrow(/max_domain = 65536/);
  });

  it('rejects tables past the memory limit', async () => {
    const many = point('energy', { dim: 2, resolution: 1024, max_domain: 1048576 }, 40, 100);
    await expect(runDeepSeed(many, 1)).rejects.toThrow(/40 x 1048576/);
  });

  it('rejects invalid settings with the key', async () => {
    await expect(runDeepSeed(point('energy', { dim: 3 }, 2, 100), 1)).rejects.toThrow(/`dim` must be an integer in \[1, 2\]/);
  });

  it('stops on an aborted signal without leaking', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    controller.abort();
    await expect(runDeepSeed(small, 1, { signal: controller.signal })).rejects.toThrow(TrainingAbortedError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains on the cpu backend too', async () => {
    const wasm = await runDeepSeed(small, 11, { backend: 'wasm' });
    const cpu = await runDeepSeed(small, 11, { backend: 'cpu' });
    await useTrainingBackend('wasm');
    expect(cpu.exact?.single).toBeCloseTo(wasm.exact?.single ?? Number.NaN, 2);
  });
});

describe('hand-written backward pass', () => {
  const cases: [string, () => DeepProblem, number][] = [
    ['sequences, 3 sources, shared hidden', () => autoregressiveProblem(readAutoregressiveSettings({ length: 3, vocabulary: 3, hidden: [5, 4] }).settings, 3), 1],
    ['sequences, 3 sources, nothing shared', () => autoregressiveProblem(readAutoregressiveSettings({ length: 3, vocabulary: 3, hidden: [5, 4], activation: 'relu' }).settings, 3), 0],
    ['sequences, 10 sources, batched', () => autoregressiveProblem(readAutoregressiveSettings({ length: 2, vocabulary: 3, hidden: [4, 3] }).settings, 10), 0],
    ['sequences of length 1', () => autoregressiveProblem(readAutoregressiveSettings({ length: 1, vocabulary: 4, hidden: [3] }).settings, 2), 2],
    ['grid, all shared', () => energyProblem(readEnergySettings({ dim: 2, resolution: 4, hidden: [6, 5] }).settings, 4), 3],
    ['grid, first layer shared', () => energyProblem(readEnergySettings({ dim: 1, resolution: 7, hidden: [6], activation: 'relu' }).settings, 2), 1],
  ];

  for (const [name, build, sharedLayers] of cases) {
    it(`matches autograd: ${name}`, () => {
      const problem = build();
      const random = new RandomStream(17);
      const stack = new NetworkStack(problem.stackSpecs(sharedLayers), problem.settings.activation, random);
      const truth = new NetworkStack(problem.stackSpecs(sharedLayers), problem.settings.activation, random);
      const table = problem.domainLogProbabilities(truth);
      // Both layouts of the sample: a few pairs (padded per source) and many (counts over the domain).
      for (const n of [12, 5000]) {
        const sample = sampleTrainingPairs(table, new Array(problem.sources).fill(1 / problem.sources), problem.domainSize, n, random);
        const prepared = problem.prepare(sample);
        const custom = tf.grad(() => prepared.logLikelihood(stack))(stack.parameters);
        const original = stack.forward;
        stack.forward = stack.forwardWithAutograd;
        const reference = tf.grad(() => prepared.logLikelihood(stack))(stack.parameters);
        stack.forward = original;
        const difference = tf.max(tf.abs(tf.sub(custom, reference))).dataSync()[0];
        const scale = tf.max(tf.abs(reference)).dataSync()[0];
        expect(scale).toBeGreaterThan(0);
        expect(difference).toBeLessThanOrEqual(1e-4 * Math.max(1, scale));
        tf.dispose([custom, reference]);
        prepared.dispose();
      }
      stack.dispose();
      truth.dispose();
    });
  }
});
