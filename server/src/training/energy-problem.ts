/**
 * The energy-based class for training: p_k(x) = exp(f(x, k)) / Z_k on the
 * grid, with Z_k summed over every grid point at each step, so training
 * maximises the exact likelihood.
 */
import * as tf from '@tensorflow/tfjs';
import { energyGrid, energyNetwork, type EnergySettings } from '../core/theory/classes/energy-architecture';
import type { NetworkStack } from './network-stack';
import { chunkSize, layoutStack, normaliseRows, type DeepProblem, type PreparedSample, type TrainingSample } from './problem';

export function energyProblem(settings: EnergySettings, sources: number): DeepProblem {
  const network = energyNetwork(settings);
  const grid = Float32Array.from(energyGrid(settings));
  const domainSize = Math.pow(settings.resolution, settings.dim);
  const widest = Math.max(...settings.hidden);
  const masks = network.layers.map(() => undefined);

  /** Energies f [points, K] of grid points [points, d]. */
  function energies(stack: NetworkStack, points: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.reshape(stack.forward(points, 1), [points.shape[0], sources]) as tf.Tensor2D);
  }

  return {
    sources,
    domainSize,
    settings,
    network,
    stackSpecs: (sharedLayers) => layoutStack(network, sources, sharedLayers, masks),

    domainLogProbabilities(stack) {
      const scores = new Float64Array(sources * domainSize);
      const step = chunkSize(sources, widest);
      for (let start = 0; start < domainSize; start += step) {
        const end = Math.min(domainSize, start + step);
        const values = tf.tidy(() => energies(stack, tf.tensor2d(grid.subarray(start * settings.dim, end * settings.dim), [end - start, settings.dim])));
        const data = values.dataSync();
        values.dispose();
        for (let i = 0; i < end - start; i++) {
          for (let k = 0; k < sources; k++) {
            scores[k * domainSize + start + i] = data[i * sources + k];
          }
        }
      }
      return normaliseRows(scores, sources, domainSize);
    },

    prepare(sample: TrainingSample): PreparedSample {
      const counts = new Float32Array(domainSize * sources);
      for (let i = 0; i < sample.labels.length; i++) {
        counts[sample.elements[i] * sources + sample.labels[i]] += 1;
      }
      const points = tf.tensor2d(grid, [domainSize, settings.dim]);
      const weights = tf.tensor2d(counts, [domainSize, sources]);
      const perSource = tf.tensor2d(Float32Array.from(sample.counts), [1, sources]);
      return {
        logLikelihood: (stack) =>
          tf.tidy(() => {
            const f = energies(stack, points);
            const logZ = tf.logSumExp(f, 0, true);
            return tf.sub(tf.sum(tf.mul(weights, f)), tf.sum(tf.mul(perSource, logZ)));
          }),
        dispose: () => tf.dispose([points, weights, perSource]),
      };
    },
  };
}
