/**
 * Keys of `model autoregressive { ... }`, and the network keys that the
 * energy class shares. The ranges repeat the checks of
 * theory/classes/deep-settings.ts, which also checks what a per-key range
 * cannot: `shared` and `shared_layers` together, `shared_layers` at most
 * the number of layers, and the domain size against `max_domain`.
 */
import type { KeySchema, ModelClassSchema } from './types';

/** Keys of the network, the sharing and the training, common to both deep classes. */
export const DEEP_NETWORK_KEYS: KeySchema[] = [
  {
    key: 'hidden',
    meaning: 'Widths H_1, ..., H_{D-1} of the hidden layers, first layer first.',
    unit: 'units',
    default: '[16]',
    range: { description: 'non-empty list of integers in [1, 4096]' },
    kind: 'list',
    element: { kind: 'integer', range: { min: 1, max: 4096, description: 'integer in [1, 4096]' } },
  },
  {
    key: 'activation',
    meaning: 'Activation of the hidden layers; both are 1-Lipschitz, which the Lipschitz bound uses.',
    unit: 'name',
    default: 'tanh',
    range: { values: ['tanh', 'relu'], description: 'tanh or relu' },
    kind: 'identifier',
  },
  {
    key: 'weight_bound',
    symbol: 'B',
    meaning: 'Bound B on every parameter: the class is theta in [-B, B]^P, and training clips to it.',
    unit: 'dimensionless',
    default: '1',
    range: { min: 0, minExclusive: true, description: 'number > 0' },
    kind: 'number',
  },
  {
    key: 'input_bound',
    meaning: 'Bound on the input encoding used by the Lipschitz bound: l1 norm of one position\'s one-hot code, or the largest grid coordinate (both 1).',
    unit: 'dimensionless',
    default: '1',
    range: { min: 1, description: 'number >= 1' },
    kind: 'number',
  },
  {
    key: 'shared',
    meaning:
      'Parameters that multi-source training shares: none; hidden (all hidden layers, while the output layer and the source embedding stay per source); all_but_embedding (everything except the source embedding).',
    unit: 'name',
    default: 'hidden',
    range: { values: ['none', 'hidden', 'all_but_embedding'], description: 'none, hidden or all_but_embedding' },
    kind: 'identifier',
  },
  {
    key: 'shared_layers',
    symbol: 'S',
    meaning: 'Number S of leading weight layers shared across sources (the source embedding never is); an alternative to `shared` that sweeps can vary.',
    unit: 'layers',
    default: 'none (use `shared`)',
    range: { min: 0, description: 'integer with 0 <= S <= number of hidden layers + 1' },
    kind: 'integer',
  },
  {
    key: 'max_domain',
    meaning: 'Largest domain (sequences or grid points) that a check may enumerate for the exact total variation.',
    unit: 'elements',
    default: '1048576',
    range: { min: 1, max: 16_777_216, description: 'integer in [1, 16777216]' },
    kind: 'integer',
  },
  {
    key: 'train_steps',
    meaning: 'Most full-batch Adam steps of a check\'s training; it stops earlier when the loss stops improving.',
    unit: 'steps',
    default: '500',
    range: { min: 1, max: 1_000_000, description: 'integer in [1, 1000000]' },
    kind: 'integer',
  },
  {
    key: 'learning_rate',
    meaning: 'Adam learning rate of a check\'s training.',
    unit: 'dimensionless',
    default: '0.02',
    range: { min: 0, minExclusive: true, description: 'number > 0' },
    kind: 'number',
  },
];

export const AUTOREGRESSIVE_SCHEMA: ModelClassSchema = {
  modelClass: 'autoregressive',
  description:
    'Conditional autoregressive model of sequences of T tokens over V symbols; each conditional is a softmax of logits from one masked network (MADE style) with a source embedding.',
  keys: [
    {
      key: 'length',
      symbol: 'T',
      meaning: 'Sequence length T.',
      unit: 'tokens',
      default: '4',
      range: { min: 1, max: 64, description: 'integer in [1, 64]' },
      kind: 'integer',
    },
    {
      key: 'vocabulary',
      symbol: 'V',
      meaning: 'Vocabulary size V; a check enumerates all V^T sequences.',
      unit: 'symbols',
      default: '4',
      range: { min: 2, max: 4096, description: 'integer in [2, 4096]' },
      kind: 'integer',
    },
    ...DEEP_NETWORK_KEYS,
  ],
};
