/**
 * The autoregressive model class: sequences x = (x_1, ..., x_T) over a
 * vocabulary of V symbols, conditioned on the source y, with
 *
 *   p(x | y) = prod_t softmax(z_t(x_<t, y))[x_t],
 *
 * where the logits z come from one masked multilayer perceptron in the
 * style of MADE (Germain et al., "MADE: Masked Autoencoder for Distribution
 * Estimation", ICML 2015), so that one forward pass gives all T conditionals.
 *
 * Degrees: hidden unit k (0-based) of every hidden layer has degree
 * m(k) = k mod T, in 0..T-1. Input position t (1-based, t = 1..T-1; x_T is
 * never an input) has degree t. A hidden unit is connected to the input
 * positions t <= m(k) and to the previous layer's hidden units of degree
 * <= m(k). The logits of position t are connected to the last layer's
 * hidden units of degree < t. Units of degree 0 receive only the source
 * embedding, so every position, the first included, depends on the source.
 */
import type { MaskedLayer, MaskedNetwork } from './lipschitz-mlp';
import { readDeepSettings, readInteger, type DeepSettings, type RawSettings, type SettingProblem } from './deep-settings';

/** Autoregressive settings after validation. */
export interface AutoregressiveSettings extends DeepSettings {
  /** Sequence length T. */
  length: number;
  /** Vocabulary size V. */
  vocabulary: number;
}

/** Degrees m(k) = k mod T of the units of a hidden layer of the given width. */
export function hiddenDegrees(width: number, length: number): number[] {
  return Array.from({ length: width }, (_, k) => k % length);
}

/** Degree t of each input unit: V one-hot units for each position t = 1..T-1. */
export function inputDegrees(length: number, vocabulary: number): number[] {
  const degrees: number[] = [];
  for (let t = 1; t < length; t++) {
    for (let v = 0; v < vocabulary; v++) {
      degrees.push(t);
    }
  }
  return degrees;
}

/**
 * Connectivity masks, one per weight layer, each stored row-major as
 * [inputs][outputs] (the layout of h W): 1 where the weight is free, 0
 * where it is fixed at zero.
 */
export function autoregressiveMasks(settings: AutoregressiveSettings): { inputs: number; outputs: number; mask: Uint8Array }[] {
  const { length: T, vocabulary: V, hidden } = settings;
  const masks: { inputs: number; outputs: number; mask: Uint8Array }[] = [];
  let previous = inputDegrees(T, V);
  // Input units have degree t and feed hidden units of degree >= t; hidden
  // units of degree d feed next-layer units of degree >= d.
  hidden.forEach((width) => {
    const degrees = hiddenDegrees(width, T);
    const mask = new Uint8Array(previous.length * width);
    for (let i = 0; i < previous.length; i++) {
      for (let k = 0; k < width; k++) {
        mask[i * width + k] = previous[i] <= degrees[k] ? 1 : 0;
      }
    }
    masks.push({ inputs: previous.length, outputs: width, mask });
    previous = degrees;
  });

  const outputs = T * V;
  const mask = new Uint8Array(previous.length * outputs);
  for (let k = 0; k < previous.length; k++) {
    for (let t = 1; t <= T; t++) {
      for (let v = 0; v < V; v++) {
        mask[k * outputs + (t - 1) * V + v] = previous[k] < t ? 1 : 0;
      }
    }
  }
  masks.push({ inputs: previous.length, outputs, mask });
  return masks;
}

/** Free weights and largest fan-in (free weights in one output unit's column) of a mask. */
export function maskStatistics(inputs: number, outputs: number, mask: Uint8Array): { weights: number; maxFanIn: number } {
  let weights = 0;
  let maxFanIn = 0;
  for (let o = 0; o < outputs; o++) {
    let fanIn = 0;
    for (let i = 0; i < inputs; i++) {
      fanIn += mask[i * outputs + o];
    }
    weights += fanIn;
    maxFanIn = Math.max(maxFanIn, fanIn);
  }
  return { weights, maxFanIn };
}

/** Number of units of each degree 0..T-1 in a hidden layer of the given width. */
function degreeHistogram(width: number, length: number): number[] {
  const histogram = new Array<number>(length).fill(0);
  for (let k = 0; k < width; k++) {
    histogram[k % length]++;
  }
  return histogram;
}

/**
 * Free weights and largest fan-in of every layer, counted from the degree
 * histograms without building the masks, so that the cost is
 * O(T * sum of widths) even for widths of thousands.
 */
function layerStatistics(settings: AutoregressiveSettings): { inputs: number; outputs: number; weights: number; maxFanIn: number }[] {
  const { length: T, vocabulary: V, hidden } = settings;
  const statistics: { inputs: number; outputs: number; weights: number; maxFanIn: number }[] = [];

  // Layer 1: a unit of degree m is connected to the V one-hot units of positions 1..m.
  let previous = degreeHistogram(hidden[0], T);
  let weights = 0;
  let maxFanIn = 0;
  previous.forEach((count, degree) => {
    weights += count * degree * V;
    if (count > 0) {
      maxFanIn = Math.max(maxFanIn, degree * V);
    }
  });
  statistics.push({ inputs: (T - 1) * V, outputs: hidden[0], weights, maxFanIn });

  // Hidden layers: a unit of degree m is connected to previous units of degree <= m.
  for (let l = 1; l < hidden.length; l++) {
    const current = degreeHistogram(hidden[l], T);
    let atMost = 0;
    weights = 0;
    maxFanIn = 0;
    current.forEach((count, degree) => {
      atMost += previous[degree];
      weights += count * atMost;
      if (count > 0) {
        maxFanIn = Math.max(maxFanIn, atMost);
      }
    });
    statistics.push({ inputs: hidden[l - 1], outputs: hidden[l], weights, maxFanIn });
    previous = current;
  }

  // Output: the V logits of position t are connected to last-layer units of degree < t.
  let below = 0;
  weights = 0;
  maxFanIn = 0;
  for (let t = 1; t <= T; t++) {
    below += previous[t - 1];
    weights += V * below;
    maxFanIn = Math.max(maxFanIn, below);
  }
  statistics.push({ inputs: hidden[hidden.length - 1], outputs: T * V, weights, maxFanIn });
  return statistics;
}

/**
 * The network description used for counts and the Lipschitz constant L_z
 * of the logits. The first layer's row bound: a unit of degree m is
 * connected to the one-hot codes of positions 1..m, each of l1 norm
 * 1 <= input_bound, so S_0 = input_bound * max_k m(k) with
 * max_k m(k) = min(H_1 - 1, T - 1).
 */
export function autoregressiveNetwork(settings: AutoregressiveSettings): MaskedNetwork {
  const statistics = layerStatistics(settings);
  const layers: MaskedLayer[] = statistics.map((entry, index) => {
    const isOutput = index === statistics.length - 1;
    return {
      name: isOutput ? 'output' : `hidden ${index + 1}`,
      inputs: entry.inputs,
      outputs: entry.outputs,
      weights: entry.weights,
      maxFanIn: entry.maxFanIn,
      biases: entry.outputs,
      biasKind: index === 0 ? 'source embedding' : 'bias',
    };
  });
  const maxDegree = Math.min(settings.hidden[0] - 1, settings.length - 1);
  return {
    layers,
    activation: settings.activation,
    weightBound: settings.weightBound,
    inputRowBound: settings.inputBound * maxDegree,
    inputRowFormula: {
      formula: 'input_bound * min(H_1 - 1, T - 1)',
      substituted: `${settings.inputBound} * min(${settings.hidden[0]} - 1, ${settings.length} - 1)`,
    },
  };
}

/** Number of sequences V^T, the domain that exact total variation enumerates. */
export function autoregressiveDomainSize(settings: AutoregressiveSettings): number {
  return Math.pow(settings.vocabulary, settings.length);
}

/** Reads and validates an autoregressive model block (defaults T = 4, V = 4). */
export function readAutoregressiveSettings(raw: RawSettings): { settings: AutoregressiveSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const common = readDeepSettings(raw, problems);
  const length = readInteger(raw, 'length', 4, 1, 64, problems);
  const vocabulary = readInteger(raw, 'vocabulary', 4, 2, 4096, problems);
  return { settings: { ...common, length, vocabulary }, problems };
}

/**
 * Returns the problem with enumerating the domain for an exact check, if any:
 * V^T must not exceed `max_domain`. Bounds need no enumeration and stay
 * available past the limit.
 */
export function autoregressiveDomainProblem(settings: AutoregressiveSettings): SettingProblem | undefined {
  const size = autoregressiveDomainSize(settings);
  if (size <= settings.maxDomain) {
    return undefined;
  }
  return {
    key: 'length',
    message: `A check enumerates all V^T = ${settings.vocabulary}^${settings.length} = ${size} sequences, more than max_domain = ${settings.maxDomain}; shorten the sequences, shrink the vocabulary, or raise max_domain (at most 16777216).`,
  };
}
