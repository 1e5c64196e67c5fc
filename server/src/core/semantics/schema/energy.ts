/**
 * Keys of `model energy { ... }`: the grid, then the network keys shared
 * with the autoregressive class.
 */
import { DEEP_NETWORK_KEYS } from './autoregressive';
import type { ModelClassSchema } from './types';

export const ENERGY_SCHEMA: ModelClassSchema = {
  modelClass: 'energy',
  description:
    'Conditional energy-based model p(x|y) proportional to exp(f(x, y)) on a grid of r^d points in [0, 1]^d, with f a network of the coordinates and a source embedding.',
  keys: [
    {
      key: 'dim',
      symbol: 'd',
      meaning: 'Dimension d of the domain [0, 1]^d.',
      unit: 'coordinates',
      default: '1',
      range: { min: 1, max: 2, description: 'integer 1 or 2' },
      kind: 'integer',
    },
    {
      key: 'resolution',
      symbol: 'r',
      meaning: 'Grid points r per axis, at 0, 1/(r-1), ..., 1; a check enumerates all r^d points.',
      unit: 'points',
      default: '64',
      range: { min: 2, max: 16_777_216, description: 'integer in [2, 16777216]' },
      kind: 'integer',
    },
    ...DEEP_NETWORK_KEYS,
  ],
};
