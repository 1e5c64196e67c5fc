/**
 * A plain float64 implementation of the autoregressive and energy networks
 * of one source, written from the class definitions, for property tests
 * that must not share code with the TensorFlow.js training path.
 */
import { autoregressiveMasks, type AutoregressiveSettings } from '../../server/src/core/theory/classes/autoregressive-architecture';
import { energyGrid, type EnergySettings } from '../../server/src/core/theory/classes/energy-architecture';
import type { Activation } from '../../server/src/core/theory/classes/lipschitz-mlp';

/** Dense layer shapes with masks (1 = free weight). */
export interface ReferenceLayer {
  inputs: number;
  outputs: number;
  mask: Uint8Array;
}

/** Number of free parameters: free weights plus one bias (or embedding entry) per output. */
export function referenceParameterCount(layers: ReferenceLayer[]): number {
  let count = 0;
  for (const layer of layers) {
    for (const bit of layer.mask) {
      count += bit;
    }
    count += layer.outputs;
  }
  return count;
}

/** Evaluates the network on one input with the flat parameter vector theta (weights then biases, per layer). */
export function referenceForward(layers: ReferenceLayer[], activation: Activation, theta: ArrayLike<number>, input: number[]): number[] {
  let offset = 0;
  let h = input;
  layers.forEach((layer, index) => {
    const a = new Array<number>(layer.outputs).fill(0);
    for (let i = 0; i < layer.inputs; i++) {
      for (let o = 0; o < layer.outputs; o++) {
        if (layer.mask[i * layer.outputs + o] === 1) {
          a[o] += h[i] * theta[offset];
          offset++;
        }
      }
    }
    for (let o = 0; o < layer.outputs; o++) {
      a[o] += theta[offset];
      offset++;
    }
    const isOutput = index === layers.length - 1;
    h = isOutput ? a : a.map((value) => (activation === 'tanh' ? Math.tanh(value) : Math.max(0, value)));
  });
  return h;
}

export function autoregressiveReferenceLayers(settings: AutoregressiveSettings): ReferenceLayer[] {
  return autoregressiveMasks(settings);
}

export function energyReferenceLayers(settings: EnergySettings): ReferenceLayer[] {
  const widths = [settings.dim, ...settings.hidden, 1];
  const layers: ReferenceLayer[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    layers.push({ inputs: widths[i], outputs: widths[i + 1], mask: new Uint8Array(widths[i] * widths[i + 1]).fill(1) });
  }
  return layers;
}

/** Lists every sequence of length T over V symbols, the first position most significant. */
export function allSequences(length: number, vocabulary: number): number[][] {
  const total = Math.pow(vocabulary, length);
  const sequences: number[][] = [];
  for (let index = 0; index < total; index++) {
    const sequence = new Array<number>(length);
    let rest = index;
    for (let t = length - 1; t >= 0; t--) {
      sequence[t] = rest % vocabulary;
      rest = Math.floor(rest / vocabulary);
    }
    sequences.push(sequence);
  }
  return sequences;
}

/** One-hot code of positions 1..T-1 of a sequence. */
export function autoregressiveInput(sequence: number[], vocabulary: number): number[] {
  const input = new Array<number>((sequence.length - 1) * vocabulary).fill(0);
  for (let t = 0; t + 1 < sequence.length; t++) {
    input[t * vocabulary + sequence[t]] = 1;
  }
  return input;
}

/** Logits of all positions for every sequence of the domain. */
export function autoregressiveLogits(settings: AutoregressiveSettings, theta: ArrayLike<number>): number[][] {
  const layers = autoregressiveReferenceLayers(settings);
  return allSequences(settings.length, settings.vocabulary).map((sequence) =>
    referenceForward(layers, settings.activation, theta, autoregressiveInput(sequence, settings.vocabulary)),
  );
}

/** log p(x) of every sequence, in the order of {@link allSequences}. */
export function autoregressiveLogProbabilities(settings: AutoregressiveSettings, theta: ArrayLike<number>): number[] {
  const { length: T, vocabulary: V } = settings;
  const sequences = allSequences(T, V);
  const logits = autoregressiveLogits(settings, theta);
  return sequences.map((sequence, index) => {
    let total = 0;
    for (let t = 0; t < T; t++) {
      const z = logits[index].slice(t * V, (t + 1) * V);
      const max = Math.max(...z);
      const logSum = max + Math.log(z.reduce((sum, value) => sum + Math.exp(value - max), 0));
      total += z[sequence[t]] - logSum;
    }
    return total;
  });
}

/** Energies f(x) of every grid point. */
export function energyValues(settings: EnergySettings, theta: ArrayLike<number>): number[] {
  const layers = energyReferenceLayers(settings);
  const grid = energyGrid(settings);
  const values: number[] = [];
  for (let i = 0; i < grid.length / settings.dim; i++) {
    const point = Array.from(grid.slice(i * settings.dim, (i + 1) * settings.dim));
    values.push(referenceForward(layers, settings.activation, theta, point)[0]);
  }
  return values;
}

/** log p(x) of every grid point. */
export function energyLogProbabilities(settings: EnergySettings, theta: ArrayLike<number>): number[] {
  const f = energyValues(settings, theta);
  const max = Math.max(...f);
  const logZ = max + Math.log(f.reduce((sum, value) => sum + Math.exp(value - max), 0));
  return f.map((value) => value - logZ);
}

export { seededRandom } from '../support/random';
