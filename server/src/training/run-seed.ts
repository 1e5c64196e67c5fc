/**
 * One seed of an empirical check for a deep model class. It draws a true
 * model from the declared class and samples n training pairs from it. It
 * then trains the K single-source models and the multi-source model by
 * maximum likelihood, and computes the exact average total variation of
 * each by enumerating the domain.
 *
 * Order of random draws for a seed (one RandomStream): true parameters,
 * source labels, training elements, single-source initialisation,
 * multi-source initialisation. The same seed gives the same result on
 * the same backend; backends may differ in the last float32 bits.
 */
import * as tf from '@tensorflow/tfjs';
import type { ResolvedPoint } from '../core/semantics/model';
import { RandomStream } from '../core/simulation/random';
import type { SeedResult } from '../core/simulation/types';
import { autoregressiveDomainProblem, readAutoregressiveSettings } from '../core/theory/classes/autoregressive-architecture';
import type { SettingProblem } from '../core/theory/classes/deep-settings';
import { energyDomainProblem, readEnergySettings } from '../core/theory/classes/energy-architecture';
import { autoregressiveProblem } from './autoregressive-problem';
import { useTrainingBackend } from './backend';
import { energyProblem } from './energy-problem';
import { NetworkStack } from './network-stack';
import type { DeepProblem, TrainingSample } from './problem';
import { trainStacks } from './train';

export interface DeepSeedOptions {
  /** TensorFlow.js backend name (wasm, cpu, or one already registered); default wasm, else cpu. */
  backend?: string;
  signal?: AbortSignal;
}

/** Raised for a point that a deep check cannot run, with the offending key. */
export class DeepCheckError extends Error {
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'DeepCheckError';
  }
}

function raiseProblems(problems: SettingProblem[]): never {
  throw new DeepCheckError(problems.map((problem) => problem.message).join(' '), problems[0]?.key);
}

/**
 * Most table entries (sources x domain elements) one seed may hold: each
 * of its four float64 tables (truth, distribution function, two fits)
 * then stays within 256 MiB.
 */
export const MAX_TABLE_ENTRIES = 33_554_432;

/**
 * Builds the training problem of a point, or raises {@link DeepCheckError}
 * for invalid settings, a domain past max_domain, or K times the domain
 * past {@link MAX_TABLE_ENTRIES}.
 */
export function deepProblemAt(point: ResolvedPoint): DeepProblem {
  const problem = buildProblem(point);
  if (point.K * problem.domainSize > MAX_TABLE_ENTRIES) {
    throw new DeepCheckError(
      `A check holds K x domain = ${point.K} x ${problem.domainSize} log-probabilities per table, more than ${MAX_TABLE_ENTRIES}; use fewer sources or a smaller domain.`,
      'max_domain',
    );
  }
  return problem;
}

function buildProblem(point: ResolvedPoint): DeepProblem {
  const model = point.model;
  if (model.modelClass === 'autoregressive') {
    const { settings, problems } = readAutoregressiveSettings(model.settings);
    const domain = autoregressiveDomainProblem(settings);
    if (problems.length > 0 || domain !== undefined) {
      raiseProblems(domain === undefined ? problems : [...problems, domain]);
    }
    return autoregressiveProblem(settings, point.K);
  }
  if (model.modelClass === 'energy') {
    const { settings, problems } = readEnergySettings(model.settings);
    const domain = energyDomainProblem(settings);
    if (problems.length > 0 || domain !== undefined) {
      raiseProblems(domain === undefined ? problems : [...problems, domain]);
    }
    return energyProblem(settings, point.K);
  }
  throw new DeepCheckError(`Model class '${model.modelClass}' is not a deep model class; use the Gaussian simulation for it.`, 'model');
}

/** Index i with cumulative[i - 1] <= u < cumulative[i], by bisection. */
function searchCumulative(cumulative: Float64Array, offset: number, length: number, u: number): number {
  let low = 0;
  let high = length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[offset + middle] > u) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low;
}

/** Draws n pairs: y from the source weights, then x from the true p(x | y) by inversion of its distribution function. */
export function sampleTrainingPairs(logTruth: Float64Array, weights: number[], domainSize: number, n: number, random: RandomStream): TrainingSample {
  const K = weights.length;
  const labels = new Int32Array(n);
  const elements = new Int32Array(n);
  const counts = new Array<number>(K).fill(0);

  const weightCumulative = new Float64Array(K);
  let running = 0;
  weights.forEach((weight, k) => {
    running += weight;
    weightCumulative[k] = running;
  });
  for (let i = 0; i < n; i++) {
    const k = searchCumulative(weightCumulative, 0, K, random.uniform() * running);
    labels[i] = k;
    counts[k]++;
  }

  const cumulative = new Float64Array(K * domainSize);
  const totals = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let sum = 0;
    for (let x = 0; x < domainSize; x++) {
      sum += Math.exp(logTruth[k * domainSize + x]);
      cumulative[k * domainSize + x] = sum;
    }
    totals[k] = sum;
  }
  for (let i = 0; i < n; i++) {
    const k = labels[i];
    elements[i] = searchCumulative(cumulative, k * domainSize, domainSize, random.uniform() * totals[k]);
  }
  return { labels, elements, counts };
}

/** Average total variation sum_k pi_k (1/2) sum_x |p_k(x) - q_k(x)| from log-probability tables. */
export function averageTotalVariation(logP: Float64Array, logQ: Float64Array, weights: number[], domainSize: number): number {
  let total = 0;
  weights.forEach((weight, k) => {
    let distance = 0;
    for (let x = 0; x < domainSize; x++) {
      distance += Math.abs(Math.exp(logP[k * domainSize + x]) - Math.exp(logQ[k * domainSize + x]));
    }
    total += weight * 0.5 * distance;
  });
  return total;
}

/** Sum over the training pairs of log p_{y_i}(x_i). */
export function sampleLogLikelihood(table: Float64Array, sample: TrainingSample, domainSize: number): number {
  let total = 0;
  for (let i = 0; i < sample.labels.length; i++) {
    total += table[sample.labels[i] * domainSize + sample.elements[i]];
  }
  return total;
}

/**
 * Runs one seed of a deep check: exact R(p_hat) of single-source and
 * multi-source training, the log-likelihood gaps that decide the premise
 * of Theorem G, empty sources and parameters left at the bound.
 */
export async function runDeepSeed(point: ResolvedPoint, seed: number, options: DeepSeedOptions = {}): Promise<SeedResult> {
  const problem = deepProblemAt(point);
  await useTrainingBackend(options.backend);

  const random = new RandomStream(seed);
  const { settings, domainSize } = problem;
  const stacks: NetworkStack[] = [];
  let prepared: ReturnType<DeepProblem['prepare']> | undefined;
  try {
    const truth = new NetworkStack(problem.stackSpecs(settings.sharedLayers), settings.activation, random);
    stacks.push(truth);
    const logTruth = problem.domainLogProbabilities(truth);
    const sample = sampleTrainingPairs(logTruth, point.weights, domainSize, point.n, random);

    const single = new NetworkStack(problem.stackSpecs(0), settings.activation, random);
    stacks.push(single);
    const multi = new NetworkStack(problem.stackSpecs(settings.sharedLayers), settings.activation, random);
    stacks.push(multi);

    prepared = problem.prepare(sample);
    await trainStacks([single, multi], prepared, {
      steps: settings.trainSteps,
      learningRate: settings.learningRate,
      weightBound: settings.weightBound,
      pairs: point.n,
      signal: options.signal,
    });

    const logSingle = problem.domainLogProbabilities(single);
    const logMulti = problem.domainLogProbabilities(multi);
    const truthLikelihood = sampleLogLikelihood(logTruth, sample, domainSize);
    return {
      seed,
      exact: {
        single: averageTotalVariation(logSingle, logTruth, point.weights, domainSize),
        multi: averageTotalVariation(logMulti, logTruth, point.weights, domainSize),
      },
      emptySources: sample.counts.flatMap((count, k) => (count === 0 ? [k] : [])),
      clippedCoordinates: single.countAtBound(settings.weightBound) + multi.countAtBound(settings.weightBound),
      logLikelihoodGap: {
        single: sampleLogLikelihood(logSingle, sample, domainSize) - truthLikelihood,
        multi: sampleLogLikelihood(logMulti, sample, domainSize) - truthLikelihood,
      },
    };
  } finally {
    prepared?.dispose();
    for (const stack of stacks) {
      stack.dispose();
    }
  }
}

/** Number of live tensors, for tests that check that a seed releases everything it allocated. */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}
