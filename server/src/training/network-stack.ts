/**
 * A stack of masked multilayer perceptrons evaluated as one batched
 * computation: every weight is a rank-3 tensor [copies, inputs, outputs]
 * with copies = K for per-source parameters and 1 for shared ones. One
 * stack contains the K single-source models, or the one multi-source model
 * with its shared layers, or the true model.
 *
 * Activations are 2-D, [rows, copies * width] with the sources side by
 * side in each row, so that every product is a plain 2-D tf.matMul. In
 * tfjs-backend-wasm 4.22 a 2-D product runs about ten times faster than a
 * batched rank-3 product of the same size: 3 ms against 36 ms for 26,214
 * rows of width 16, times 5 sources, on the machine of bench/deep.ts.
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

/** Largest K for which a per-source product uses one block-diagonal matrix rather than a batched product. */
export const BLOCK_DIAGONAL_MAX_SOURCES = 8;

/**
 * Computes the pre-activations h W of one layer for h [rows, c * in]
 * (c = 1 or K copies side by side) and W [w, in, out] (w = 1 shared, or
 * K per source), as [rows, c', out] with c' = max(c, w).
 *
 * - c = 1, w = 1: one product [rows, in] x [in, out].
 * - c = 1, w = K: the K weights side by side, [in, K out], in one product.
 * - c = K, w = 1: the rows of all copies stacked, [rows K, in] x [in, out].
 * - c = K, w = K: a block-diagonal [K in, K out] matrix, built by
 *   multiplying with `blockMask` (the identity as [K, 1, K, 1]), when K is
 *   at most {@link BLOCK_DIAGONAL_MAX_SOURCES} (K times the arithmetic,
 *   but 2-D); else a batched product over [K, rows, in].
 */
function layerProduct(h: tf.Tensor2D, copies: number, weight: tf.Tensor3D, blockMask: tf.Tensor | undefined): tf.Tensor3D {
  const [weightCopies, inputs, outputs] = weight.shape;
  const rows = h.shape[0];
  if (copies === 1 && weightCopies === 1) {
    return tf.reshape(tf.matMul(h, tf.reshape(weight, [inputs, outputs]) as tf.Tensor2D), [rows, 1, outputs]);
  }
  if (copies === 1) {
    const sideBySide = tf.reshape(tf.transpose(weight, [1, 0, 2]), [inputs, weightCopies * outputs]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(h, sideBySide), [rows, weightCopies, outputs]);
  }
  if (weightCopies === 1) {
    const stacked = tf.reshape(h, [rows * copies, inputs]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(stacked, tf.reshape(weight, [inputs, outputs]) as tf.Tensor2D), [rows, copies, outputs]);
  }
  if (blockMask !== undefined) {
    const blocks = tf.mul(tf.reshape(weight, [copies, inputs, 1, outputs]), blockMask);
    const blockDiagonal = tf.reshape(blocks, [copies * inputs, copies * outputs]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(h, blockDiagonal), [rows, copies, outputs]);
  }
  const bySource = tf.transpose(tf.reshape(h, [rows, copies, inputs]), [1, 0, 2]) as tf.Tensor3D;
  return tf.transpose(tf.matMul(bySource, weight), [1, 0, 2]) as tf.Tensor3D;
}

/** Elements from which {@link fastTanh} pays for its three extra kernel launches. */
const FAST_TANH_MIN_SIZE = 65_536;

/**
 * Computes tanh(a), for large tensors as 2 sigmoid(2 a) - 1, because
 * tfjs-backend-wasm 4.22 evaluates tanh about six times slower than
 * sigmoid (37 ms against 6 ms for 2 million elements). The absolute error
 * stays below 1e-7 in float32. Small tensors keep tf.tanh, where one
 * launch costs more than the arithmetic.
 */
function fastTanh(a: tf.Tensor): tf.Tensor {
  if (a.size < FAST_TANH_MIN_SIZE) {
    return tf.tanh(a);
  }
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(a, 2)), 2), 1);
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
 * one flat variable, split into layer tensors at each evaluation. Adam and
 * clipping then cost a dozen kernel launches per step instead of a dozen
 * per tensor, which matters because launches dominate at these sizes. Call
 * {@link NetworkStack.dispose} when done.
 */
export class NetworkStack {
  /** Every parameter: per layer, the weights [copies, inputs, outputs], then the biases [copies, 1, outputs]. */
  readonly parameters: tf.Variable;
  private readonly masks: (tf.Tensor | null)[] = [];
  /** Identity [K, 1, K, 1] for block-diagonal products, when K is small enough for them. */
  private readonly blockMask: tf.Tensor | undefined;
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
    const sources = Math.max(...specs.map((spec) => Math.max(spec.weightCopies, spec.biasCopies)));
    if (sources > 1 && sources <= BLOCK_DIAGONAL_MAX_SOURCES) {
      this.blockMask = tf.tidy(() => tf.reshape(tf.eye(sources), [sources, 1, sources, 1]));
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
   * Evaluates the stack like {@link forwardWithAutograd}, with a
   * hand-written backward pass: tfjs's autograd launches about 180 kernels
   * per stack for the backward pass of three layers, this one about 40,
   * and launches dominate the cost of a step at these sizes.
   */
  forward(input: tf.Tensor2D, copies: number): tf.Tensor3D {
    const evaluate = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const parameters = args[0] as tf.Tensor;
      const save = args[1] as tf.GradSaveFunc;
      const parts = tf.split(parameters, this.sizes);
      const rows = input.shape[0];
      const saved: tf.Tensor[] = [];
      const layerCopies: { input: number; product: number }[] = [];
      let h: tf.Tensor2D = input;
      let hCopies = copies;
      let output: tf.Tensor3D | undefined;
      this.specs.forEach((spec, index) => {
        const mask = this.masks[index];
        const rawWeight = tf.reshape(parts[2 * index], this.shapes[2 * index]) as tf.Tensor3D;
        const weight = (mask === null ? rawWeight : tf.mul(rawWeight, mask)) as tf.Tensor3D;
        const bias = tf.reshape(parts[2 * index + 1], [spec.biasCopies, spec.outputs]);
        const product = spec.inputs === 0 ? tf.zeros([rows, 1, spec.outputs]) : layerProduct(h, hCopies, weight, this.blockMask);
        const a = tf.add(product, bias) as tf.Tensor3D;
        saved.push(h, weight);
        layerCopies.push({ input: hCopies, product: product.shape[1] ?? 1 });
        if (index === this.specs.length - 1) {
          output = a;
          return;
        }
        const activated = this.activation === 'tanh' ? fastTanh(a) : tf.relu(a);
        saved.push(activated);
        hCopies = a.shape[1];
        h = tf.reshape(activated, [rows, hCopies * spec.outputs]) as tf.Tensor2D;
      });
      if (output === undefined) {
        throw new Error('A network stack needs at least one layer.');
      }
      save(saved);
      return { value: output, gradFunc: (dy: tf.Tensor, tensors: tf.Tensor[]) => [this.backward(dy as tf.Tensor3D, tensors, layerCopies)] };
    });
    return evaluate(this.parameters) as tf.Tensor3D;
  }

  /**
   * Computes the gradient of the flat parameter vector from the gradient
   * dy [rows, K, outputs] of the output, by the chain rule layer by layer.
   * `saved` contains, per layer, its input h [rows, c * in] and masked weight
   * W [w, in, out], and for hidden layers the activation sigma(a).
   */
  private backward(dy: tf.Tensor3D, saved: tf.Tensor[], layerCopies: { input: number; product: number }[]): tf.Tensor {
    const gradients: tf.Tensor[] = new Array<tf.Tensor>(2 * this.specs.length);
    const rows = dy.shape[0];
    let offset = saved.length;
    let dA: tf.Tensor3D = dy;
    for (let index = this.specs.length - 1; index >= 0; index--) {
      const spec = this.specs[index];
      const isOutput = index === this.specs.length - 1;
      // Saved tensors per layer: h, W, and sigma(a) unless it is the output layer.
      offset -= isOutput ? 2 : 3;
      const h = saved[offset] as tf.Tensor2D;
      const weight = saved[offset + 1] as tf.Tensor3D;
      const { input: c, product: productCopies } = layerCopies[index];
      const { inputs, outputs, weightCopies } = spec;

      const dBias = spec.biasCopies === dA.shape[1] ? tf.sum(dA, 0) : tf.sum(dA, [0, 1]);
      gradients[2 * index + 1] = tf.reshape(dBias, [-1]);
      const dProduct = productCopies < dA.shape[1] ? tf.sum(dA, 1, true) : dA;

      let dWeight: tf.Tensor;
      let dh: tf.Tensor | undefined;
      const needInput = index > 0;
      if (inputs === 0) {
        dWeight = tf.zeros([0]);
      } else if (c === 1 && weightCopies === 1) {
        const dP = tf.reshape(dProduct, [rows, outputs]) as tf.Tensor2D;
        const w = tf.reshape(weight, [inputs, outputs]) as tf.Tensor2D;
        dWeight = tf.matMul(h, dP, true, false);
        dh = needInput ? tf.matMul(dP, w, false, true) : undefined;
      } else if (c === 1) {
        const dP = tf.reshape(dProduct, [rows, weightCopies * outputs]) as tf.Tensor2D;
        dWeight = tf.transpose(tf.reshape(tf.matMul(h, dP, true, false), [inputs, weightCopies, outputs]), [1, 0, 2]);
        if (needInput) {
          const sideBySide = tf.reshape(tf.transpose(weight, [1, 0, 2]), [inputs, weightCopies * outputs]) as tf.Tensor2D;
          dh = tf.matMul(dP, sideBySide, false, true);
        }
      } else if (weightCopies === 1) {
        const stacked = tf.reshape(h, [rows * c, inputs]) as tf.Tensor2D;
        const dP = tf.reshape(dProduct, [rows * c, outputs]) as tf.Tensor2D;
        dWeight = tf.matMul(stacked, dP, true, false);
        dh = needInput ? tf.reshape(tf.matMul(dP, tf.reshape(weight, [inputs, outputs]) as tf.Tensor2D, false, true), [rows, c * inputs]) : undefined;
      } else if (this.blockMask !== undefined) {
        const dP = tf.reshape(dProduct, [rows, c * outputs]) as tf.Tensor2D;
        const dBlocks = tf.reshape(tf.matMul(h, dP, true, false), [c, inputs, c, outputs]);
        dWeight = tf.sum(tf.mul(dBlocks, this.blockMask), 2);
        if (needInput) {
          const blocks = tf.mul(tf.reshape(weight, [c, inputs, 1, outputs]), this.blockMask);
          dh = tf.matMul(dP, tf.reshape(blocks, [c * inputs, c * outputs]) as tf.Tensor2D, false, true);
        }
      } else {
        const bySource = tf.transpose(tf.reshape(h, [rows, c, inputs]), [1, 0, 2]) as tf.Tensor3D;
        const dP = tf.transpose(dProduct, [1, 0, 2]) as tf.Tensor3D;
        dWeight = tf.matMul(bySource, dP, true, false);
        dh = needInput ? tf.reshape(tf.transpose(tf.matMul(dP, weight, false, true), [1, 0, 2]), [rows, c * inputs]) : undefined;
      }
      const mask = this.masks[index];
      if (mask !== null && inputs > 0) {
        dWeight = tf.mul(tf.reshape(dWeight, [weightCopies, inputs, outputs]), mask);
      }
      gradients[2 * index] = tf.reshape(dWeight, [-1]);

      if (dh !== undefined) {
        // sigma(a) of the previous layer: tanh' = 1 - tanh^2, relu' = [relu(a) > 0].
        const activated = saved[offset - 1] as tf.Tensor3D;
        const dActivated = tf.reshape(dh, activated.shape);
        dA = (this.activation === 'tanh'
          ? tf.mul(dActivated, tf.sub(1, tf.square(activated)))
          : tf.mul(dActivated, tf.step(activated))) as tf.Tensor3D;
      }
    }
    return tf.concat(gradients);
  }

  /**
   * Evaluates the stack on inputs [rows, copies * inputs], where copies
   * is 1 (the same input for every source) or K (one input per source,
   * side by side), and returns the outputs [rows, K, outputs]. Gradients
   * come from tfjs's autograd; tests compare {@link forward} with it.
   */
  forwardWithAutograd(input: tf.Tensor2D, copies: number): tf.Tensor3D {
    return tf.tidy(() => {
      const parts = tf.split(this.parameters, this.sizes);
      const rows = input.shape[0];
      let h: tf.Tensor2D = input;
      let hCopies = copies;
      let output: tf.Tensor3D | undefined;
      this.specs.forEach((spec, index) => {
        const mask = this.masks[index];
        const rawWeight = tf.reshape(parts[2 * index], this.shapes[2 * index]) as tf.Tensor3D;
        const weight = (mask === null ? rawWeight : tf.mul(rawWeight, mask)) as tf.Tensor3D;
        const bias = tf.reshape(parts[2 * index + 1], [spec.biasCopies, spec.outputs]);
        const product = spec.inputs === 0 ? tf.zeros([rows, 1, spec.outputs]) : layerProduct(h, hCopies, weight, this.blockMask);
        const a = tf.add(product, bias) as tf.Tensor3D;
        const isOutput = index === this.specs.length - 1;
        if (isOutput) {
          output = a;
          return;
        }
        const activated = this.activation === 'tanh' ? fastTanh(a) : tf.relu(a);
        hCopies = a.shape[1];
        h = tf.reshape(activated, [rows, hCopies * spec.outputs]) as tf.Tensor2D;
      });
      if (output === undefined) {
        throw new Error('A network stack needs at least one layer.');
      }
      return output;
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
    this.blockMask?.dispose();
  }
}
