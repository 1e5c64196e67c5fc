/**
 * Keys of `model gaussian { ... }`: source k's samples are N(mu_k, I_D),
 * with the last d_sim coordinates of the mean shared by all sources.
 */
import type { ModelClassSchema } from './types';

export const GAUSSIAN_SCHEMA: ModelClassSchema = {
  modelClass: 'gaussian',
  description: 'Conditional Gaussian location family N(mu_y, I_D) with d_sim mean coordinates shared across sources.',
  keys: [
    {
      key: 'dim',
      symbol: 'D',
      meaning: 'Dimension D of each sample and mean.',
      unit: 'coordinates',
      default: 'required',
      range: { min: 1, max: 100_000, description: 'integer with 1 <= D <= 100000' },
      kind: 'integer',
    },
    {
      key: 'shared',
      symbol: 'd_sim',
      meaning: 'Number d_sim of mean coordinates shared by all sources.',
      unit: 'coordinates',
      default: '0',
      range: { min: 0, description: 'integer with 0 <= d_sim <= D' },
      kind: 'integer',
    },
    {
      key: 'similarity',
      symbol: 'sim',
      meaning: 'Share sim of shared coordinates; d_sim = floor(sim * D), snapped to the nearest integer within 1e-9 first.',
      unit: 'fraction',
      default: 'none (use `shared`)',
      range: { min: 0, max: 1, description: 'number with 0 <= sim <= 1' },
      kind: 'number',
    },
    {
      key: 'mean_bound',
      symbol: 'B',
      meaning: 'Bound B on every coordinate of every mean (the parameter set is [-B, B]^D); it must cover the true means.',
      unit: 'dimensionless',
      default: 'K + 1',
      range: { min: 0, minExclusive: true, description: 'number > 0' },
      kind: 'number',
    },
  ],
};
