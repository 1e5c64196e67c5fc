/**
 * The autoregressive class for training: sequences are indexed in base V
 * with the first position most significant, inputs are the one-hot codes
 * of positions 1..T-1 and targets the one-hot codes of all T positions.
 */
import * as tf from '@tensorflow/tfjs';
import {
  autoregressiveMasks,
  autoregressiveNetwork,
  type AutoregressiveSettings,
} from '../core/theory/classes/autoregressive-architecture';
import type { NetworkStack } from './network-stack';
import { chunkSize, layoutStack, type DeepProblem, type PreparedSample, type TrainingSample } from './problem';

/** One-hot inputs [count][(T-1) V] and targets [count][T V] of the sequences with the given indices. */
export function encodeSequences(settings: AutoregressiveSettings, indices: ArrayLike<number>): { inputs: Float32Array; targets: Float32Array } {
  const { length: T, vocabulary: V } = settings;
  const inputWidth = (T - 1) * V;
  const inputs = new Float32Array(indices.length * inputWidth);
  const targets = new Float32Array(indices.length * T * V);
  for (let row = 0; row < indices.length; row++) {
    let rest = indices[row];
    for (let t = T - 1; t >= 0; t--) {
      const symbol = rest % V;
      rest = Math.floor(rest / V);
      targets[row * T * V + t * V + symbol] = 1;
      if (t < T - 1) {
        inputs[row * inputWidth + t * V + symbol] = 1;
      }
    }
  }
  return { inputs, targets };
}

/**
 * log p_k(x) [rows, K] of encoded sequences: the sum over positions of the
 * log-softmax at the target symbol. Inputs are [rows, copies (T-1) V] and
 * targets [rows, copies, T, V], with copies = 1 (shared) or K (per source).
 */
function sequenceLogProbabilities(
  settings: AutoregressiveSettings,
  stack: NetworkStack,
  inputs: tf.Tensor2D,
  copies: number,
  targets: tf.Tensor4D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const logits = stack.forward(inputs, copies);
    const [rows, sources] = logits.shape;
    const perPosition = tf.logSoftmax(tf.reshape(logits, [rows, sources, settings.length, settings.vocabulary]));
    return tf.sum(tf.mul(perPosition, targets), [2, 3]) as tf.Tensor2D;
  });
}

export function autoregressiveProblem(settings: AutoregressiveSettings, sources: number): DeepProblem {
  const network = autoregressiveNetwork(settings);
  const masks = autoregressiveMasks(settings).map((entry) => entry.mask);
  const { length: T, vocabulary: V } = settings;
  const domainSize = Math.pow(V, T);
  const widest = Math.max(T * V, ...settings.hidden);

  /** Sequences with the given indices as tensors; `copies` sequences per row, side by side. */
  function encodeTensors(indices: ArrayLike<number>, copies: number): { inputs: tf.Tensor2D; targets: tf.Tensor4D } {
    const { inputs, targets } = encodeSequences(settings, indices);
    const rows = indices.length / copies;
    return {
      inputs: tf.tensor2d(inputs, [rows, copies * (T - 1) * V]),
      targets: tf.tensor4d(targets, [rows, copies, T, V]),
    };
  }

  return {
    sources,
    domainSize,
    settings,
    network,
    stackSpecs: (sharedLayers) => layoutStack(network, sources, sharedLayers, masks),

    domainLogProbabilities(stack) {
      const result = new Float64Array(sources * domainSize);
      const step = chunkSize(sources, widest);
      for (let start = 0; start < domainSize; start += step) {
        const end = Math.min(domainSize, start + step);
        const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
        const values = tf.tidy(() => {
          const { inputs, targets } = encodeTensors(indices, 1);
          return sequenceLogProbabilities(settings, stack, inputs, 1, targets);
        });
        const data = values.dataSync();
        values.dispose();
        for (let i = 0; i < end - start; i++) {
          for (let k = 0; k < sources; k++) {
            result[k * domainSize + start + i] = data[i * sources + k];
          }
        }
      }
      return result;
    },

    prepare(sample: TrainingSample): PreparedSample {
      const largest = Math.max(1, ...sample.counts);
      // Counts over the domain cost K * V^T rows per step, padded samples
      // K * max_k n_k rows: take the smaller.
      if (domainSize <= largest) {
        const counts = new Float32Array(domainSize * sources);
        for (let i = 0; i < sample.labels.length; i++) {
          counts[sample.elements[i] * sources + sample.labels[i]] += 1;
        }
        const all = Int32Array.from({ length: domainSize }, (_, i) => i);
        const { inputs, targets } = encodeTensors(all, 1);
        const weights = tf.tensor2d(counts, [domainSize, sources]);
        return {
          logLikelihood: (stack) => tf.tidy(() => tf.sum(tf.mul(sequenceLogProbabilities(settings, stack, inputs, 1, targets), weights))),
          dispose: () => tf.dispose([inputs, targets, weights]),
        };
      }
      // Row i contains the i-th pair of every source side by side. Missing pairs are padding with weight 0.
      const indices = new Int32Array(largest * sources);
      const mask = new Float32Array(largest * sources);
      const filled = new Array<number>(sources).fill(0);
      for (let i = 0; i < sample.labels.length; i++) {
        const k = sample.labels[i];
        indices[filled[k] * sources + k] = sample.elements[i];
        mask[filled[k] * sources + k] = 1;
        filled[k]++;
      }
      const { inputs, targets } = encodeTensors(indices, sources);
      const weights = tf.tensor2d(mask, [largest, sources]);
      return {
        logLikelihood: (stack) => tf.tidy(() => tf.sum(tf.mul(sequenceLogProbabilities(settings, stack, inputs, sources, targets), weights))),
        dispose: () => tf.dispose([inputs, targets, weights]),
      };
    },
  };
}
