/**
 * A stack of masked multilayer perceptrons evaluated as one batched
 * computation: every weight is a rank-3 tensor [copies, inputs, outputs]
 * with copies = K for per-source parameters and 1 for shared ones, and
 * tf.matMul broadcasts the copies over the K sources. One stack holds the
 * K single-source models, or the one multi-source model with its shared
 * layers, or the true model.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../core/simulation/random';
import type { Activation } from '../core/theory/classes/lipschitz-mlp';

/** One weight layer of a stack. */
export interface StackLayerSpec {
  inputs: number;
  outputs: number;
  /** Free weights (1) and weights fixed at zero (0), row-major [inputs][outputs]; absent when dense. */
  mask?: Uint8Array;
  /** Weight copies: K for per-source weights, 1 for shared. */
  weightCopies: number;
  /** Bias copies: K for the source embedding and per-source biases, 1 for shared biases. */
  biasCopies: number;
  /** Half-width a of the uniform initialisation U(-a, a), already at most B. */
  initScale: number;
}

/**
 * Computes h W for h [copies, N, in] and W [1 or copies, in, out]. A
 * shared W multiplies all copies of h as one [1, copies N, in] matrix,
 * because tfjs 4.22 computes the gradient of a broadcast batch matMul
 * with the unreduced shape and rejects it.
 */
function batchedProduct(h: tf.Tensor3D, weight: tf.Tensor3D): tf.Tensor3D {
  const [copies, rows, inputs] = h.shape;
  if (weight.shape[0] === 1 && copies > 1) {
    const flat = tf.matMul(tf.reshape(h, [1, copies * rows, inputs]) as tf.Tensor3D, weight);
    return tf.reshape(flat, [copies, rows, weight.shape[2]]) as tf.Tensor3D;
  }
  return tf.matMul(h, weight);
}

/** Weights and biases of one layer, as stored in a stack's flat parameter vector. */
export interface LayerValues {
  /** [copies][inputs][outputs], masked entries zero. */
  weights: Float32Array;
  /** [copies][outputs]. */
  biases: Float32Array;
}

/**
 * Stacked parameters with their masks. All parameters of a stack live in
 * one flat variable, split into layer tensors at each evaluation, because
 * Adam and clipping then cost a dozen kernel launches per step instead
 * of a dozen per tensor, and launches dominate at these sizes. Call
 * {@link NetworkStack.dispose} when done.
 */
export class NetworkStack {
  /** Every parameter: per layer, the weights [copies, inputs, outputs], then the biases [copies, 1, outputs]. */
  readonly parameters: tf.Variable;
  private readonly masks: (tf.Tensor | null)[] = [];
  private readonly shapes: [number, number, number][] = [];
  private readonly sizes: number[] = [];
  /** 1 for free parameters, 0 for masked weights, over the flat vector. */
  private readonly free: Uint8Array;

  constructor(
    readonly specs: StackLayerSpec[],
    readonly activation: Activation,
    random: RandomStream,
  ) {
    for (const spec of specs) {
      this.shapes.push([spec.weightCopies, spec.inputs, spec.outputs], [spec.biasCopies, 1, spec.outputs]);
      this.sizes.push(spec.weightCopies * spec.inputs * spec.outputs, spec.biasCopies * spec.outputs);
    }
    const total = this.sizes.reduce((sum, size) => sum + size, 0);
    const values = new Float32Array(total);
    this.free = new Uint8Array(total).fill(1);
    let offset = 0;
    for (const spec of specs) {
      const perCopy = spec.inputs * spec.outputs;
      for (let i = 0; i < spec.weightCopies * perCopy; i++) {
        const free = spec.mask === undefined || spec.mask[i % perCopy] === 1;
        // Draw for every entry so that the stream does not depend on the mask.
        const value = (2 * random.uniform() - 1) * spec.initScale;
        values[offset + i] = free ? value : 0;
        this.free[offset + i] = free ? 1 : 0;
      }
      offset += spec.weightCopies * perCopy;
      for (let i = 0; i < spec.biasCopies * spec.outputs; i++) {
        values[offset + i] = (2 * random.uniform() - 1) * spec.initScale;
      }
      offset += spec.biasCopies * spec.outputs;
      this.masks.push(spec.mask === undefined ? null : tf.tensor3d(Float32Array.from(spec.mask), [1, spec.inputs, spec.outputs]));
    }
    const initial = tf.tensor1d(values);
    this.parameters = tf.variable(initial);
    // tf.variable keeps its initial tensor alive until disposed.
    initial.dispose();
  }

  /** Number of free parameters of the stack (shared ones counted once, masked weights excluded). */
  get freeParameterCount(): number {
    return this.free.reduce((sum, bit) => sum + bit, 0);
  }

  /**
   * Evaluates the stack on inputs [1 or K, N, inputs] and returns the
   * outputs [K', N, outputs], where K' is K unless every tensor has one copy.
   */
  forward(input: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const parts = tf.split(this.parameters, this.sizes);
      let h: tf.Tensor3D = input;
      this.specs.forEach((spec, index) => {
        const mask = this.masks[index];
        const rawWeight = tf.reshape(parts[2 * index], this.shapes[2 * index]) as tf.Tensor3D;
        const bias = tf.reshape(parts[2 * index + 1], this.shapes[2 * index + 1]);
        let a: tf.Tensor3D;
        if (spec.inputs === 0) {
          a = tf.add(bias, tf.zeros([1, h.shape[1], spec.outputs])) as tf.Tensor3D;
        } else {
          const weight = (mask === null ? rawWeight : tf.mul(rawWeight, mask)) as tf.Tensor3D;
          a = tf.add(batchedProduct(h, weight), bias) as tf.Tensor3D;
        }
        const isOutput = index === this.specs.length - 1;
        h = isOutput ? a : this.activation === 'tanh' ? tf.tanh(a) : tf.relu(a);
      });
      return h;
    });
  }

  /** Clips every parameter into [-B, B] after an optimiser step. */
  clip(bound: number): void {
    tf.tidy(() => {
      this.parameters.assign(tf.clipByValue(this.parameters, -bound, bound));
    });
  }

  /** Current weights and biases of every layer. */
  layerValues(): LayerValues[] {
    const values = this.parameters.dataSync() as Float32Array;
    const layers: LayerValues[] = [];
    let offset = 0;
    for (let index = 0; index < this.specs.length; index++) {
      const weights = values.slice(offset, offset + this.sizes[2 * index]);
      offset += this.sizes[2 * index];
      const biases = values.slice(offset, offset + this.sizes[2 * index + 1]);
      offset += this.sizes[2 * index + 1];
      layers.push({ weights, biases });
    }
    return layers;
  }

  /** Number of free parameters at the bound, |theta| >= B (1 - 1e-6). */
  countAtBound(bound: number): number {
    const values = this.parameters.dataSync();
    const threshold = bound * (1 - 1e-6);
    let count = 0;
    for (let i = 0; i < values.length; i++) {
      if (this.free[i] === 1 && Math.abs(values[i]) >= threshold) {
        count++;
      }
    }
    return count;
  }

  dispose(): void {
    this.parameters.dispose();
    for (const mask of this.masks) {
      mask?.dispose();
    }
  }
}
