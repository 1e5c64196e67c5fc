/**
 * Interface between the seed runner and a deep model class: the layer layout of
 * its stacks, log-probabilities over the whole (enumerable) domain, and
 * the training log-likelihood as a differentiable scalar.
 */
import type * as tf from '@tensorflow/tfjs';
import type { DeepSettings } from '../core/theory/classes/deep-settings';
import type { MaskedNetwork } from '../core/theory/classes/lipschitz-mlp';
import type { NetworkStack, StackLayerSpec } from './network-stack';

/** Training pairs: the source and the domain element of each pair. */
export interface TrainingSample {
  /** Source index k in 0..K-1 of each pair. */
  labels: Int32Array;
  /** Index of each pair's element in the enumeration of the domain. */
  elements: Int32Array;
  /** Pairs per source. */
  counts: number[];
}

/** Tensors built once from a sample, and the log-likelihood they define. */
export interface PreparedSample {
  /** Sum over the pairs of log p_k(x) under the stack, as a scalar tensor. */
  logLikelihood(stack: NetworkStack): tf.Scalar;
  dispose(): void;
}

export interface DeepProblem {
  /** Number of sources K. */
  sources: number;
  /** Number of elements of the domain (sequences or grid points). */
  domainSize: number;
  settings: DeepSettings;
  /** Network description of one source's model, for the layer sizes and masks. */
  network: MaskedNetwork;
  /** Layer layout of a stack whose first `sharedLayers` layers are shared across sources. */
  stackSpecs(sharedLayers: number): StackLayerSpec[];
  /** log p_k(x) for every source k and element x, row-major [K][domain], in float64. */
  domainLogProbabilities(stack: NetworkStack): Float64Array;
  prepare(sample: TrainingSample): PreparedSample;
}

/** Uniform initialisation half-width min(B, sqrt(3 / fan-in)): unit variance per pre-activation, within the class. */
export function initialisationScale(maxFanIn: number, weightBound: number): number {
  return Math.min(weightBound, Math.sqrt(3 / Math.max(1, maxFanIn)));
}

/**
 * Layer layout shared by both classes: per-source copies everywhere,
 * except the first `sharedLayers` layers, whose weights (and biases, but
 * never the first layer's source embedding) have one copy.
 */
export function layoutStack(network: MaskedNetwork, sources: number, sharedLayers: number, masks: (Uint8Array | undefined)[]): StackLayerSpec[] {
  return network.layers.map((layer, index) => {
    const shared = index < sharedLayers;
    return {
      inputs: layer.inputs,
      outputs: layer.outputs,
      mask: masks[index],
      weightCopies: shared ? 1 : sources,
      biasCopies: shared && layer.biasKind === 'bias' ? 1 : sources,
      initScale: index === 0 ? Math.min(network.weightBound, 1) : initialisationScale(layer.maxFanIn, network.weightBound),
    };
  });
}

/** Subtracts log sum_x exp(score) per source from scores [K][domain], in place. */
export function normaliseRows(scores: Float64Array, sources: number, domainSize: number): Float64Array {
  for (let k = 0; k < sources; k++) {
    let max = -Infinity;
    for (let x = 0; x < domainSize; x++) {
      max = Math.max(max, scores[k * domainSize + x]);
    }
    let sum = 0;
    for (let x = 0; x < domainSize; x++) {
      sum += Math.exp(scores[k * domainSize + x] - max);
    }
    const logZ = max + Math.log(sum);
    for (let x = 0; x < domainSize; x++) {
      scores[k * domainSize + x] -= logZ;
    }
  }
  return scores;
}

/** Elements per chunk when enumerating a domain: about 2^22 hidden activations per chunk. */
export function chunkSize(sources: number, widest: number): number {
  return Math.max(256, Math.floor(4_194_304 / Math.max(1, sources * widest)));
}
