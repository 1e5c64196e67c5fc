/**
 * Parameter counts and parameter-Lipschitz constants of masked multilayer
 * perceptrons, the networks behind the autoregressive and energy-based
 * model classes. docs/theory-deep-models.md states the derivation in full.
 *
 * Notation: a network has weight layers l = 1..D. Layer l maps h_{l-1} to
 * a_l = h_{l-1} W_l + b_l (the first layer adds the source embedding e_y
 * in place of a bias), h_l = sigma(a_l) for hidden layers, and the output
 * is a_D. Every free parameter lies in [-B, B]; masked weights are fixed
 * at zero and are not parameters.
 */
import type { Derivation, DerivationStep, Rule } from '../derivation';
import { formatNumber } from '../format';

export type Activation = 'tanh' | 'relu';

/** One affine layer of a masked network, as far as counts and bounds need it. */
export interface MaskedLayer {
  /** Display name, such as `hidden 1` or `output`. */
  name: string;
  inputs: number;
  outputs: number;
  /** Free (unmasked) weight entries. */
  weights: number;
  /** Largest number of free weights in the row of one output unit (fan-in). */
  maxFanIn: number;
  /** Bias parameters: one per output, or the source embedding for the first layer. */
  biases: number;
  /** Kind of the bias parameters. */
  biasKind: 'bias' | 'source embedding';
}

/** Parameters of one layer and whether multi-source training shares them. */
export interface LayerParameterCount {
  layer: string;
  /** Kind of parameters: weights, biases or the source embedding. */
  part: 'weights' | 'bias' | 'source embedding';
  count: number;
  shared: boolean;
}

/**
 * A network description: the layers and the input bound that starts the
 * recursion. `inputRowBound` bounds sum_j |x_j| over the inputs connected
 * to one first-layer unit, for every input x of the domain.
 */
export interface MaskedNetwork {
  layers: MaskedLayer[];
  activation: Activation;
  /** Bound B on every parameter. */
  weightBound: number;
  /** S_0: bound on the l1 norm of the inputs feeding one first-layer unit. */
  inputRowBound: number;
  /** Formula of S_0 from the input encoding, and the same with values substituted. */
  inputRowFormula: { formula: string; substituted: string };
}

/** Rule cited by the steps of the Lipschitz recursion. */
export const LIPSCHITZ_RECURSION: Rule = {
  name: 'Lipschitz recursion',
  statement:
    'For |theta - theta\'|_inf <= delta: |delta a_l|_inf <= delta (S_{l-1} + 1) + B F_l |delta a_{l-1}|_inf, because sigma is 1-Lipschitz, every row has at most F_l free weights in [-B, B], and the inputs of one row have l1 norm at most S_{l-1}.',
};

/** Rule cited by the activation-magnitude steps. */
export const ACTIVATION_MAGNITUDE: Rule = {
  name: 'Activation magnitude',
  statement:
    'A unit of layer l has |a_l| <= B (S_{l-1} + 1); tanh maps it into [-min(1, |a_l|), min(1, |a_l|)] and relu into [0, |a_l|], so M_l bounds |h_l| and S_l = F_{l+1} M_l bounds the l1 norm of one row of the next layer.',
};

/** Rule cited by the per-layer parameter counts. */
export const LAYER_COUNT: Rule = {
  name: 'Layer parameters',
  statement: 'A layer has one parameter per free (unmasked) weight and one per bias or source-embedding entry; masked weights are fixed at zero.',
};

/** Parameters of one source's model: the sum over layers of weights and biases. */
export function countParameters(network: MaskedNetwork): number {
  return network.layers.reduce((total, layer) => total + layer.weights + layer.biases, 0);
}

/**
 * Splits the parameters by layer and marks which are shared when the first
 * `sharedLayers` layers are shared across sources. The source embedding is
 * never shared because it is what tells the sources apart.
 */
export function layerBreakdown(network: MaskedNetwork, sharedLayers: number): LayerParameterCount[] {
  const rows: LayerParameterCount[] = [];
  network.layers.forEach((layer, index) => {
    const shared = index < sharedLayers;
    rows.push({ layer: layer.name, part: 'weights', count: layer.weights, shared });
    const embedding = layer.biasKind === 'source embedding';
    rows.push({
      layer: layer.name,
      part: embedding ? 'source embedding' : 'bias',
      count: layer.biases,
      shared: shared && !embedding,
    });
  });
  return rows;
}

/** Derivation steps that count the parameters layer by layer, then P and P_s. */
export function parameterCountSteps(network: MaskedNetwork, sharedLayers: number): DerivationStep[] {
  const steps: DerivationStep[] = network.layers.map((layer, index) => {
    const shared = index < sharedLayers;
    const biasShared = shared && layer.biasKind === 'bias';
    let sharing = 'per source';
    if (biasShared) {
      sharing = 'shared';
    } else if (shared) {
      sharing = 'weights shared, source embedding per source';
    }
    return {
      rule: LAYER_COUNT,
      quantity: `P(${layer.name})`,
      formula:
        layer.weights === layer.inputs * layer.outputs
          ? `weights (${layer.inputs} x ${layer.outputs}) + ${layer.biasKind}`
          : `free weights of the masked ${layer.inputs} x ${layer.outputs} matrix + ${layer.biasKind}`,
      substituted: `${layer.weights} + ${layer.biases}`,
      value: layer.weights + layer.biases,
      note: sharing,
    };
  });
  const perSource = countParameters(network);
  const shared = layerBreakdown(network, sharedLayers)
    .filter((row) => row.shared)
    .reduce((total, row) => total + row.count, 0);
  steps.push({
    rule: LAYER_COUNT,
    quantity: 'P',
    formula: 'sum of the layer counts',
    substituted: network.layers.map((layer) => String(layer.weights + layer.biases)).join(' + '),
    value: perSource,
  });
  steps.push({
    rule: LAYER_COUNT,
    quantity: 'P_s',
    formula: `parameters of the first ${sharedLayers} layer(s), source embedding excluded`,
    substituted: String(shared),
    value: shared,
  });
  return steps;
}

/** Result of the Lipschitz recursion: the constant and the steps that derive it. */
export interface LipschitzResult {
  /** Bound on |output(theta) - output(theta')|_inf / |theta - theta'|_inf. */
  value: number;
  steps: DerivationStep[];
}

/**
 * Derives the Lipschitz constant of the network output with respect to the
 * parameters in the sup norm, uniformly over the inputs of the domain and
 * the sources, by the recursion
 *
 *   G_0 = 0,  G_l = S_{l-1} + 1 + B F_l G_{l-1},
 *   M_l = min(1, B (S_{l-1} + 1)) (tanh) or B (S_{l-1} + 1) (relu),
 *   S_l = F_{l+1} M_l,
 *
 * where F_l is the largest fan-in of layer l and S_0 the input row bound.
 * The constant is G_D of the output layer. Proof in docs/theory-deep-models.md.
 */
export function lipschitzConstant(network: MaskedNetwork): LipschitzResult {
  const { layers, weightBound: B, activation } = network;
  const steps: DerivationStep[] = [];
  steps.push({
    rule: ACTIVATION_MAGNITUDE,
    quantity: 'S_0',
    formula: network.inputRowFormula.formula,
    substituted: network.inputRowFormula.substituted,
    value: network.inputRowBound,
  });

  let rowBound = network.inputRowBound;
  let gain = 0;
  layers.forEach((layer, index) => {
    const l = index + 1;
    const fanIn = layer.maxFanIn;
    const next = gain;
    gain = rowBound + 1 + B * fanIn * next;
    steps.push({
      rule: LIPSCHITZ_RECURSION,
      quantity: `G_${l}`,
      formula: `S_${l - 1} + 1 + B F_${l} G_${l - 1}`,
      substituted: `${formatNumber(rowBound)} + 1 + ${formatNumber(B)} * ${fanIn} * ${formatNumber(next)}`,
      value: gain,
      note: `${layer.name}: F_${l} = ${fanIn} free weights per row at most`,
    });

    const isOutput = index === layers.length - 1;
    if (isOutput) {
      return;
    }
    const preactivation = B * (rowBound + 1);
    const magnitude = activation === 'tanh' ? Math.min(1, preactivation) : preactivation;
    steps.push({
      rule: ACTIVATION_MAGNITUDE,
      quantity: `M_${l}`,
      formula: activation === 'tanh' ? `min(1, B (S_${l - 1} + 1))` : `B (S_${l - 1} + 1)`,
      substituted:
        activation === 'tanh'
          ? `min(1, ${formatNumber(B)} * (${formatNumber(rowBound)} + 1))`
          : `${formatNumber(B)} * (${formatNumber(rowBound)} + 1)`,
      value: magnitude,
    });
    const nextFanIn = layers[index + 1].maxFanIn;
    rowBound = nextFanIn * magnitude;
    steps.push({
      rule: ACTIVATION_MAGNITUDE,
      quantity: `S_${l}`,
      formula: `F_${l + 1} M_${l}`,
      substituted: `${nextFanIn} * ${formatNumber(magnitude)}`,
      value: rowBound,
    });
  });
  return { value: gain, steps };
}

/** Wraps steps into a derivation whose result is the last step's value. */
export function toDerivation(title: string, steps: DerivationStep[]): Derivation {
  return { title, steps, result: steps.length > 0 ? steps[steps.length - 1].value : Number.NaN };
}
