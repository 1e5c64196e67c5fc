/**
 * The conditional Gaussian simulation of Wang et al., "A Theory for
 * Conditional Generative Modeling on Multiple Data Sources" (ICML 2025,
 * arXiv:2502.14583), one seed at a time.
 *
 * Source k (1-based) generates x ~ N(mu_k, I_D) with mu_k = k on the first
 * D - d_sim (specific) coordinates and 0 on the last d_sim (shared) ones.
 * Single-source training estimates each mu_k by its source's sample mean.
 * Multi-source training, the MLE of the class whose sources share the last
 * d_sim coordinates, keeps the per-source means on the specific coordinates
 * and takes the pooled mean of all n samples on the shared ones. Both
 * estimates are clipped coordinate-wise to [-B, B], which is the MLE over
 * the bounded class because the Gaussian likelihood separates by coordinate.
 *
 * Empty sources: a source with no training sample has a constant
 * likelihood, so every mean in [-B, B]^D is an MLE. The simulation takes
 * the centre 0 of the box for every coordinate of the single-source fit and
 * for the specific coordinates of the multi-source fit. The multi-source
 * fit still takes its shared coordinates from the pool of the other sources.
 */
import erf from '@stdlib/math-base-special-erf';

import type { ResolvedPoint } from '../semantics/model';
import { RandomStream } from './random';
import type { SeedResult } from './types';

/**
 * Simulation method of a seed.
 *
 * - `samples` draws every training pair and every test point: n D + T D
 *   normal deviates for n training pairs and T test pairs.
 * - `sufficient` draws the sufficient statistics directly: each source's
 *   sample mean as N(mu_k, I / n_k), the pooled mean as the count-weighted
 *   average of those means, and for each test pair only the projections
 *   z . Delta of the test noise on the two estimation errors, which are all
 *   that the likelihood ratio depends on. The two methods are equal in
 *   distribution (the same labels, the same joint law of the estimates and
 *   of the test log-likelihood ratios), but not draw for draw.
 */
export type SimulationMethod = 'samples' | 'sufficient';

/**
 * Default method: `sufficient` costs K D + 2 T normal deviates per seed
 * instead of (n + T) D, and is the only one that meets the 0.1 ms target
 * per seed at K = 5, D = 10, n = 500, T = 500 (see bench/simulation.ts).
 */
export const DEFAULT_SIMULATION_METHOD: SimulationMethod = 'sufficient';

export interface SimulationOptions {
  method?: SimulationMethod;
}

/** The numbers of one point that the simulation uses, validated. */
export interface GaussianSetup {
  sourceCount: number;
  dimension: number;
  sharedCount: number;
  specificCount: number;
  meanBound: number;
  weights: Float64Array;
  /** Cumulative weights, the last one exactly 1. */
  cumulativeWeights: Float64Array;
  /** True means mu_k, row-major K x D. */
  trueMeans: Float64Array;
  totalSamples: number;
  perSource: number | undefined;
  testSamples: number;
}

/** sqrt(2), so that 2 Phi(t / 2) - 1 = erf(t / (2 sqrt 2)). */
const SQRT2 = Math.SQRT2;

/**
 * Returns TV(N(a, I), N(b, I)) = 2 Phi(||a - b|| / 2) - 1 for the distance
 * t = ||a - b||, written as erf(t / (2 sqrt 2)) because
 * 2 Phi(u) - 1 = erf(u / sqrt 2). The erf is stdlib's port of FreeBSD msun
 * `s_erf.c`, accurate to about one unit in the last place.
 */
export function gaussianTotalVariation(distance: number): number {
  return erf(distance / (2 * SQRT2));
}

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}

function isNonNegativeInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

/**
 * Validates a point for the Gaussian simulation and converts it to typed
 * arrays. Throws a RangeError that names the invalid value and the fix.
 */
export function gaussianSetup(point: ResolvedPoint): GaussianSetup {
  const where = `experiment '${point.experiment}'`;
  const model = point.model;
  if (model.modelClass !== 'gaussian') {
    throw new RangeError(
      `Invalid model class '${model.modelClass}' in ${where}: the Gaussian simulation needs 'gaussian'; ` +
        'checks of other model classes run through the deep-model trainer.',
    );
  }

  const sourceCount = point.K;
  if (!isPositiveInteger(sourceCount)) {
    throw new RangeError(`Invalid number of sources K = ${sourceCount} in ${where}: use an integer of at least 1.`);
  }

  const dimension = model.dim;
  if (!isPositiveInteger(dimension)) {
    throw new RangeError(`Invalid dimension D = ${dimension} in ${where}: use an integer of at least 1.`);
  }

  const sharedCount = model.shared;
  if (!isNonNegativeInteger(sharedCount) || sharedCount > dimension) {
    throw new RangeError(
      `Invalid number of shared coordinates d_sim = ${sharedCount} in ${where}: use an integer from 0 to D = ${dimension}.`,
    );
  }

  const meanBound = model.meanBound;
  if (!(meanBound > 0) || !Number.isFinite(meanBound)) {
    throw new RangeError(`Invalid mean bound B = ${meanBound} in ${where}: use a finite number above 0.`);
  }

  if (point.weights.length !== sourceCount) {
    throw new RangeError(
      `Invalid source weights in ${where}: ${point.weights.length} weights for K = ${sourceCount} sources; give one weight per source.`,
    );
  }
  let weightSum = 0;
  for (const weight of point.weights) {
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new RangeError(`Invalid source weight ${weight} in ${where}: weights must be finite and at least 0.`);
    }
    weightSum += weight;
  }
  if (Math.abs(weightSum - 1) > 1e-9) {
    throw new RangeError(`Invalid source weights in ${where}: they sum to ${weightSum}; weights must sum to 1.`);
  }

  const perSource = point.perSource;
  if (perSource !== undefined && !isNonNegativeInteger(perSource)) {
    throw new RangeError(`Invalid per-source sample count ${perSource} in ${where}: use an integer of at least 0.`);
  }
  const totalSamples = perSource !== undefined ? perSource * sourceCount : point.n;
  if (!isNonNegativeInteger(totalSamples)) {
    throw new RangeError(`Invalid total sample size n = ${totalSamples} in ${where}: use an integer of at least 0.`);
  }

  const testSamples = point.check.testSamples;
  if (!isNonNegativeInteger(testSamples)) {
    throw new RangeError(`Invalid number of test samples ${testSamples} in ${where}: use an integer of at least 0.`);
  }

  const weights = Float64Array.from(point.weights, (weight) => weight / weightSum);
  const cumulativeWeights = new Float64Array(sourceCount);
  let cumulative = 0;
  for (let k = 0; k < sourceCount; k++) {
    cumulative += weights[k];
    cumulativeWeights[k] = cumulative;
  }
  cumulativeWeights[sourceCount - 1] = 1;

  const specificCount = dimension - sharedCount;
  const trueMeans = new Float64Array(sourceCount * dimension);
  for (let k = 0; k < sourceCount; k++) {
    for (let j = 0; j < specificCount; j++) trueMeans[k * dimension + j] = k + 1;
  }

  return {
    sourceCount,
    dimension,
    sharedCount,
    specificCount,
    meanBound,
    weights,
    cumulativeWeights,
    trueMeans,
    totalSamples,
    perSource,
    testSamples,
  };
}

/** Draws a source index from the cumulative weights by linear search. */
function drawSource(stream: RandomStream, cumulativeWeights: Float64Array): number {
  const u = stream.uniform32();
  const last = cumulativeWeights.length - 1;
  let k = 0;
  while (k < last && u >= cumulativeWeights[k]) k++;
  return k;
}

/** Per-source sample means and counts: what both estimators need from the training sample. */
interface TrainingStatistics {
  counts: Float64Array;
  /** Sample means, row-major K x D; rows of empty sources are 0. */
  sampleMeans: Float64Array;
  /** Pooled mean of all samples on the shared coordinates (0 when n = 0). */
  pooledShared: Float64Array;
}

function drawCounts(setup: GaussianSetup, stream: RandomStream): Float64Array {
  const counts = new Float64Array(setup.sourceCount);
  if (setup.perSource !== undefined) {
    counts.fill(setup.perSource);
    return counts;
  }
  for (let i = 0; i < setup.totalSamples; i++) counts[drawSource(stream, setup.cumulativeWeights)]++;
  return counts;
}

function poolSharedCoordinates(setup: GaussianSetup, counts: Float64Array, sampleMeans: Float64Array): Float64Array {
  const { sourceCount, dimension, specificCount, sharedCount, totalSamples } = setup;
  const pooled = new Float64Array(sharedCount);
  if (totalSamples === 0) return pooled;

  // When one source contains every sample (always when K = 1), the pool is that source's mean, copied
  // rather than recomputed as n_k xbar / n, so that multi equals single bit for bit.
  const onlySource = counts.findIndex((count) => count === totalSamples);
  if (onlySource >= 0) {
    for (let s = 0; s < sharedCount; s++) pooled[s] = sampleMeans[onlySource * dimension + specificCount + s];
    return pooled;
  }

  for (let s = 0; s < sharedCount; s++) {
    let sum = 0;
    for (let k = 0; k < sourceCount; k++) sum += counts[k] * sampleMeans[k * dimension + specificCount + s];
    pooled[s] = sum / totalSamples;
  }
  return pooled;
}

/** Draws the sufficient statistics directly: sample mean of source k ~ N(mu_k, I / n_k). */
function drawSufficientStatistics(setup: GaussianSetup, stream: RandomStream): TrainingStatistics {
  const { sourceCount, dimension, trueMeans } = setup;
  const counts = drawCounts(setup, stream);
  const sampleMeans = new Float64Array(sourceCount * dimension);
  for (let k = 0; k < sourceCount; k++) {
    if (counts[k] === 0) continue;
    const scale = 1 / Math.sqrt(counts[k]);
    for (let j = 0; j < dimension; j++) {
      const index = k * dimension + j;
      sampleMeans[index] = trueMeans[index] + scale * stream.normal();
    }
  }
  return { counts, sampleMeans, pooledShared: poolSharedCoordinates(setup, counts, sampleMeans) };
}

/** Draws every training pair (y ~ pi, x ~ N(mu_y, I)) and accumulates per-source sums. */
function drawTrainingSamples(setup: GaussianSetup, stream: RandomStream): TrainingStatistics {
  const { sourceCount, dimension, trueMeans, totalSamples, perSource } = setup;
  const counts = new Float64Array(sourceCount);
  const sums = new Float64Array(sourceCount * dimension);
  for (let i = 0; i < totalSamples; i++) {
    const k = perSource !== undefined ? Math.floor(i / perSource) : drawSource(stream, setup.cumulativeWeights);
    counts[k]++;
    const row = k * dimension;
    for (let j = 0; j < dimension; j++) sums[row + j] += trueMeans[row + j] + stream.normal();
  }

  const sampleMeans = new Float64Array(sourceCount * dimension);
  for (let k = 0; k < sourceCount; k++) {
    if (counts[k] === 0) continue;
    for (let j = 0; j < dimension; j++) sampleMeans[k * dimension + j] = sums[k * dimension + j] / counts[k];
  }
  return { counts, sampleMeans, pooledShared: poolSharedCoordinates(setup, counts, sampleMeans) };
}

/** The two fitted models: clipped means, row-major K x D, and how many parameters were clipped. */
interface Estimates {
  single: Float64Array;
  multi: Float64Array;
  clippedCoordinates: number;
  emptySources: number[];
}

function estimateMeans(setup: GaussianSetup, statistics: TrainingStatistics): Estimates {
  const { sourceCount, dimension, specificCount, sharedCount, meanBound } = setup;
  const { counts, sampleMeans, pooledShared } = statistics;
  const single = new Float64Array(sourceCount * dimension);
  const multi = new Float64Array(sourceCount * dimension);
  const emptySources: number[] = [];
  let clippedCoordinates = 0;

  // Shared parameters of the multi-source fit: one set for all sources.
  const multiShared = new Float64Array(sharedCount);
  for (let s = 0; s < sharedCount; s++) {
    const value = pooledShared[s];
    const clipped = Math.min(meanBound, Math.max(-meanBound, value));
    if (clipped !== value) clippedCoordinates++;
    multiShared[s] = clipped;
  }

  for (let k = 0; k < sourceCount; k++) {
    const row = k * dimension;
    const empty = counts[k] === 0;
    if (empty) emptySources.push(k + 1);

    for (let j = 0; j < dimension; j++) {
      const value = sampleMeans[row + j];
      const clipped = empty ? 0 : Math.min(meanBound, Math.max(-meanBound, value));
      if (clipped !== value) {
        // Single-source parameter, and for a specific coordinate also the multi-source one.
        clippedCoordinates += j < specificCount ? 2 : 1;
      }
      single[row + j] = clipped;
      multi[row + j] = j < specificCount ? clipped : multiShared[j - specificCount];
    }
  }
  return { single, multi, clippedCoordinates, emptySources };
}

/**
 * Returns the training log-likelihood of the fitted means minus that of the
 * true means, in nats, from the sufficient statistics: for n_k samples with
 * sample mean xbar, sum_i ||x_i - a||^2 = sum_i ||x_i - xbar||^2 + n_k ||xbar - a||^2,
 * so the gap is sum_k (n_k / 2) (||xbar_k - mu_k||^2 - ||xbar_k - muhat_k||^2).
 */
function logLikelihoodGap(setup: GaussianSetup, statistics: TrainingStatistics, estimate: Float64Array): number {
  const { sourceCount, dimension, trueMeans } = setup;
  const { counts, sampleMeans } = statistics;
  let gap = 0;
  for (let k = 0; k < sourceCount; k++) {
    if (counts[k] === 0) continue;
    let difference = 0;
    for (let j = 0; j < dimension; j++) {
      const index = k * dimension + j;
      const toTruth = sampleMeans[index] - trueMeans[index];
      const toEstimate = sampleMeans[index] - estimate[index];
      difference += toTruth * toTruth - toEstimate * toEstimate;
    }
    gap += (counts[k] / 2) * difference;
  }
  return gap;
}

/** Estimation errors Delta_k = muhat_k - mu_k of both fits, their squared norms and inner products. */
interface Errors {
  single: Float64Array;
  multi: Float64Array;
  singleNormSquared: Float64Array;
  multiNormSquared: Float64Array;
  innerProduct: Float64Array;
}

function estimationErrors(setup: GaussianSetup, estimates: Estimates): Errors {
  const { sourceCount, dimension, trueMeans } = setup;
  const single = new Float64Array(sourceCount * dimension);
  const multi = new Float64Array(sourceCount * dimension);
  const singleNormSquared = new Float64Array(sourceCount);
  const multiNormSquared = new Float64Array(sourceCount);
  const innerProduct = new Float64Array(sourceCount);
  for (let k = 0; k < sourceCount; k++) {
    let ss = 0;
    let mm = 0;
    let sm = 0;
    for (let j = 0; j < dimension; j++) {
      const index = k * dimension + j;
      const deltaSingle = estimates.single[index] - trueMeans[index];
      const deltaMulti = estimates.multi[index] - trueMeans[index];
      single[index] = deltaSingle;
      multi[index] = deltaMulti;
      ss += deltaSingle * deltaSingle;
      mm += deltaMulti * deltaMulti;
      sm += deltaSingle * deltaMulti;
    }
    singleNormSquared[k] = ss;
    multiNormSquared[k] = mm;
    innerProduct[k] = sm;
  }
  return { single, multi, singleNormSquared, multiNormSquared, innerProduct };
}

/** Exact R = sum_k pi_k TV(N(muhat_k, I), N(mu_k, I)). */
function exactAverageTotalVariation(weights: Float64Array, normSquared: Float64Array): number {
  let total = 0;
  for (let k = 0; k < weights.length; k++) total += weights[k] * gaussianTotalVariation(Math.sqrt(normSquared[k]));
  return total;
}

/**
 * Monte Carlo R from test pairs drawn literally: y ~ pi, x = mu_y + z with
 * z ~ N(0, I_D), and (1/2)|exp(log p_hat(x|y) - log p*(x|y)) - 1| averaged.
 */
function monteCarloFromTestSamples(setup: GaussianSetup, estimates: Estimates, stream: RandomStream): { single: number; multi: number } {
  const { dimension, trueMeans, testSamples } = setup;
  let sumSingle = 0;
  let sumMulti = 0;
  for (let t = 0; t < testSamples; t++) {
    const row = drawSource(stream, setup.cumulativeWeights) * dimension;
    let logRatioSingle = 0;
    let logRatioMulti = 0;
    for (let j = 0; j < dimension; j++) {
      const x = trueMeans[row + j] + stream.normal();
      const toTruth = x - trueMeans[row + j];
      const toSingle = x - estimates.single[row + j];
      const toMulti = x - estimates.multi[row + j];
      logRatioSingle += 0.5 * (toTruth * toTruth - toSingle * toSingle);
      logRatioMulti += 0.5 * (toTruth * toTruth - toMulti * toMulti);
    }
    sumSingle += Math.abs(Math.expm1(logRatioSingle));
    sumMulti += Math.abs(Math.expm1(logRatioMulti));
  }
  return { single: sumSingle / (2 * testSamples), multi: sumMulti / (2 * testSamples) };
}

/**
 * Monte Carlo R from the projections of the test noise. For x = mu_y + z,
 * log p_hat(x|y) - log p*(x|y) = z . Delta_y - ||Delta_y||^2 / 2, and the
 * pair (z . Delta_single, z . Delta_multi) is bivariate normal with
 * variances ||Delta_single||^2, ||Delta_multi||^2 and covariance
 * Delta_single . Delta_multi; it is drawn from two standard normals by the
 * Cholesky factor of that covariance.
 */
function monteCarloFromProjections(setup: GaussianSetup, errors: Errors, stream: RandomStream): { single: number; multi: number } {
  const { sourceCount, dimension, testSamples } = setup;
  const singleScale = new Float64Array(sourceCount);
  const multiOnFirst = new Float64Array(sourceCount);
  const multiOnSecond = new Float64Array(sourceCount);
  for (let k = 0; k < sourceCount; k++) {
    const singleNormSquared = errors.singleNormSquared[k];
    const singleNorm = Math.sqrt(singleNormSquared);
    const projection = singleNormSquared > 0 ? errors.innerProduct[k] / singleNormSquared : 0;

    // Norm of the part of Delta_multi orthogonal to Delta_single, from the vectors rather than
    // from ||Delta_multi||^2 - a^2, so that identical errors (K = 1, d_sim = 0) give exactly 0.
    let orthogonalSquared = 0;
    for (let j = 0; j < dimension; j++) {
      const index = k * dimension + j;
      orthogonalSquared += (errors.multi[index] - projection * errors.single[index]) ** 2;
    }
    singleScale[k] = singleNorm;
    multiOnFirst[k] = projection * singleNorm;
    multiOnSecond[k] = Math.sqrt(orthogonalSquared);
  }

  let sumSingle = 0;
  let sumMulti = 0;
  for (let t = 0; t < testSamples; t++) {
    const k = drawSource(stream, setup.cumulativeWeights);
    const first = stream.normal();
    const second = stream.normal();
    const logRatioSingle = singleScale[k] * first - errors.singleNormSquared[k] / 2;
    const logRatioMulti = multiOnFirst[k] * first + multiOnSecond[k] * second - errors.multiNormSquared[k] / 2;
    sumSingle += Math.abs(Math.expm1(logRatioSingle));
    sumMulti += Math.abs(Math.expm1(logRatioMulti));
  }
  return { single: sumSingle / (2 * testSamples), multi: sumMulti / (2 * testSamples) };
}

/**
 * Simulates one seed of the conditional Gaussian check: draws the training
 * sample, fits the single-source and multi-source MLEs, and measures their
 * average TV to the truth exactly and, when the point sets test samples,
 * by Monte Carlo. Pure and deterministic in (point, seed, method).
 */
/**
 * Largest total sample size a check simulates. Labels are drawn one per
 * training pair (about 1.4 s per seed at 1e8 with K = 2, D = 2, measured
 * on a 2-core machine), so larger n would hang the check.
 * TODO: draw the counts as K sequential binomials, so the cost no longer grows with n.
 */
export const MAX_SIMULATED_SAMPLES = 1e8;

export function simulateGaussianSeed(point: ResolvedPoint, seed: number, options: SimulationOptions = {}): SeedResult {
  const method = options.method ?? DEFAULT_SIMULATION_METHOD;
  if (method !== 'samples' && method !== 'sufficient') {
    throw new RangeError(`Invalid simulation method '${String(method)}': use 'samples' or 'sufficient'.`);
  }
  if (point.n > MAX_SIMULATED_SAMPLES) {
    throw new RangeError(
      `The simulation draws one label per training pair, so n = ${point.n} is above its limit of ${MAX_SIMULATED_SAMPLES}; ` +
        'lower n for the check (the bounds have no such limit).',
    );
  }

  const setup = gaussianSetup(point);
  const stream = new RandomStream(seed);

  const statistics = method === 'samples' ? drawTrainingSamples(setup, stream) : drawSufficientStatistics(setup, stream);
  const estimates = estimateMeans(setup, statistics);
  const errors = estimationErrors(setup, estimates);

  const result: SeedResult = {
    seed,
    exact: {
      single: exactAverageTotalVariation(setup.weights, errors.singleNormSquared),
      multi: exactAverageTotalVariation(setup.weights, errors.multiNormSquared),
    },
    emptySources: estimates.emptySources,
    clippedCoordinates: estimates.clippedCoordinates,
    logLikelihoodGap: {
      single: logLikelihoodGap(setup, statistics, estimates.single),
      multi: logLikelihoodGap(setup, statistics, estimates.multi),
    },
  };

  if (setup.testSamples > 0) {
    result.monteCarlo =
      method === 'samples'
        ? monteCarloFromTestSamples(setup, estimates, stream)
        : monteCarloFromProjections(setup, errors, stream);
  }
  return result;
}
