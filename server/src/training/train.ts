/**
 * Maximum-likelihood training of stacked networks with Adam (Kingma and
 * Ba, ICLR 2015; tf.train.adam with its defaults beta1 = 0.9,
 * beta2 = 0.999, epsilon = 1e-7) on the full training sample at every
 * step, followed by clipping every parameter into [-B, B], which keeps
 * the estimate in the declared class.
 *
 * Stopping rule: at most `steps` steps; every {@link CHECK_INTERVAL} steps
 * the negative log-likelihood per pair is read, and training stops early
 * when it improved by less than min({@link TOLERANCE}, 1/n) since the
 * previous read. The 1/n term keeps large samples training until the total
 * log-likelihood, which the premise of Theorem G compares, moves by less
 * than one nat.
 */
import * as tf from '@tensorflow/tfjs';
import type { NetworkStack } from './network-stack';
import type { PreparedSample } from './problem';

/** Steps between reads of the loss (each read waits for the backend). */
export const CHECK_INTERVAL = 50;

/** Smallest improvement of the mean negative log-likelihood (nats per pair) that keeps training going. */
export const TOLERANCE = 1e-6;

export interface TrainingOptions {
  steps: number;
  learningRate: number;
  weightBound: number;
  /** Total number of pairs n; the loss is the negative log-likelihood divided by n. */
  pairs: number;
  /** Smallest improvement per read that keeps training going; default {@link TOLERANCE}, -Infinity runs every step. */
  tolerance?: number;
  signal?: AbortSignal;
}

/** Outcome of a training run. */
export interface TrainingOutcome {
  steps: number;
  /** Mean negative log-likelihood per pair, summed over the stacks, at the last read. */
  finalLoss: number;
}

/** Raised when a check is cancelled through its AbortSignal. */
export class TrainingAbortedError extends Error {
  constructor() {
    super('Training was cancelled.');
    this.name = 'TrainingAbortedError';
  }
}

/**
 * Trains several stacks at once on the same sample. The loss is the sum
 * of their negative log-likelihoods. Their parameters are disjoint, so
 * each stack receives exactly the gradient of its own likelihood. Adam
 * acts coordinate-wise, so it updates each stack as if trained alone.
 */
export async function trainStacks(stacks: NetworkStack[], sample: PreparedSample, options: TrainingOptions): Promise<TrainingOutcome> {
  const optimizer = tf.train.adam(options.learningRate);
  const variables = stacks.map((stack) => stack.parameters);
  const loss = () =>
    tf.tidy(() => {
      const total = stacks.map((stack) => sample.logLikelihood(stack)).reduce((sum, value) => tf.add(sum, value));
      return tf.div(tf.neg(total), options.pairs) as tf.Scalar;
    });

  let previous = Number.POSITIVE_INFINITY;
  let finalLoss = Number.NaN;
  let step = 0;
  try {
    while (step < options.steps) {
      if (options.signal?.aborted) {
        throw new TrainingAbortedError();
      }
      const read = (step + 1) % CHECK_INTERVAL === 0 || step + 1 === options.steps;
      const cost = optimizer.minimize(loss, read, variables);
      for (const stack of stacks) {
        stack.clip(options.weightBound);
      }
      step++;
      if (read && cost !== null) {
        // The cost is the loss before this step's update; good enough to detect a plateau.
        finalLoss = (await cost.data())[0];
        cost.dispose();
        if (previous - finalLoss < (options.tolerance ?? Math.min(TOLERANCE, 1 / options.pairs))) {
          break;
        }
        previous = finalLoss;
        // Let cancellation and other events through between blocks of steps.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    optimizer.dispose();
  }
  return { steps: step, finalLoss };
}
