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

/** log p_k(x) [K', N] of encoded sequences: the sum over positions of the log-softmax at the target symbol. */
function sequenceLogProbabilities(settings: AutoregressiveSettings, stack: NetworkStack, inputs: tf.Tensor3D, targets: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const logits = stack.forward(inputs);
    const [copies, count] = logits.shape;
    const perPosition = tf.logSoftmax(tf.reshape(logits, [copies, count, settings.length, settings.vocabulary]));
    return tf.sum(tf.mul(perPosition, targets), [2, 3]) as tf.Tensor2D;
  });
}

export function autoregressiveProblem(settings: AutoregressiveSettings, sources: number): DeepProblem {
  const network = autoregressiveNetwork(settings);
  const masks = autoregressiveMasks(settings).map((entry) => entry.mask);
  const { length: T, vocabulary: V } = settings;
  const domainSize = Math.pow(V, T);
  const widest = Math.max(T * V, ...settings.hidden);

  function encodeTensors(indices: ArrayLike<number>, copies: number, rows: number): { inputs: tf.Tensor3D; targets: tf.Tensor4D } {
    const { inputs, targets } = encodeSequences(settings, indices);
    return {
      inputs: tf.tensor3d(inputs, [copies, rows, (T - 1) * V]),
      targets: tf.tensor4d(targets, [copies, rows, T, V]),
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
          const { inputs, targets } = encodeTensors(indices, 1, end - start);
          return sequenceLogProbabilities(settings, stack, inputs, targets);
        });
        const data = values.dataSync();
        values.dispose();
        for (let k = 0; k < sources; k++) {
          for (let i = 0; i < end - start; i++) {
            result[k * domainSize + start + i] = data[k * (end - start) + i];
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
        const counts = new Float32Array(sources * domainSize);
        for (let i = 0; i < sample.labels.length; i++) {
          counts[sample.labels[i] * domainSize + sample.elements[i]] += 1;
        }
        const all = Int32Array.from({ length: domainSize }, (_, i) => i);
        const { inputs, targets } = encodeTensors(all, 1, domainSize);
        const weights = tf.tensor2d(counts, [sources, domainSize]);
        return {
          logLikelihood: (stack) => tf.tidy(() => tf.sum(tf.mul(sequenceLogProbabilities(settings, stack, inputs, targets), weights))),
          dispose: () => tf.dispose([inputs, targets, weights]),
        };
      }
      const indices = new Int32Array(sources * largest);
      const mask = new Float32Array(sources * largest);
      const filled = new Array<number>(sources).fill(0);
      for (let i = 0; i < sample.labels.length; i++) {
        const k = sample.labels[i];
        indices[k * largest + filled[k]] = sample.elements[i];
        mask[k * largest + filled[k]] = 1;
        filled[k]++;
      }
      const { inputs, targets } = encodeTensors(indices, sources, largest);
      const weights = tf.tensor2d(mask, [sources, largest]);
      return {
        logLikelihood: (stack) => tf.tidy(() => tf.sum(tf.mul(sequenceLogProbabilities(settings, stack, inputs, targets), weights))),
        dispose: () => tf.dispose([inputs, targets, weights]),
      };
    },
  };
}
