/**
 * Keys outside model blocks: the top-level settings of an experiment, the
 * bound block and the check block.
 */
import type { KeySchema } from './types';

/** Maximum number of sources in one configuration, so that per-source arrays stay small enough to simulate. */
export const MAX_SOURCES = 10_000;

/** Maximum number of seeds in one check (`seeds = COUNT`). */
export const MAX_SEED_COUNT = 10_000;

/** Maximum number of test pairs per seed. */
export const MAX_TEST_SAMPLES = 10_000_000;

export const SOURCES: KeySchema = {
  key: 'sources',
  symbol: 'K',
  meaning: 'Number K of data sources (conditions y = 1..K), with uniform weights; or named sources with weights.',
  unit: 'count',
  default: 'required',
  range: { min: 1, max: MAX_SOURCES, description: `integer with 1 <= K <= ${MAX_SOURCES}` },
  kind: 'integer',
};

export const SOURCE_WEIGHT: KeySchema = {
  key: 'weight',
  meaning: 'Weight pi_k of a named source; the weights sum to 1.',
  unit: 'probability',
  default: 'required',
  range: { min: 0, minExclusive: true, max: 1, description: 'number > 0, all weights summing to 1' },
  kind: 'number',
};

export const SAMPLES: KeySchema = {
  key: 'samples',
  symbol: 'n',
  meaning: 'Total number n of training pairs (x, y); per-source counts are multinomial.',
  unit: 'count',
  default: 'required',
  range: { min: 1, description: 'integer >= 1' },
  kind: 'integer',
};

export const PER_SOURCE: KeySchema = {
  key: 'per_source',
  symbol: 'm',
  meaning: 'Fixed number m of training pairs per source (`samples per_source m = ...`); the total is n = K * m.',
  unit: 'count',
  default: 'none (use `samples n = ...`)',
  range: { min: 1, description: 'integer >= 1' },
  kind: 'integer',
};

export const CONFIDENCE: KeySchema = {
  key: 'confidence',
  symbol: 'delta',
  meaning: 'Failure probability delta of the explicit bound, which holds with probability at least 1 - delta.',
  unit: 'probability',
  default: '0.05',
  range: { min: 0, max: 1, minExclusive: true, maxExclusive: true, description: 'number with 0 < delta < 1' },
  kind: 'number',
};

/** Keys of the `bound mle_bracketing { ... }` block. */
export const BOUND_KEYS: KeySchema[] = [
  {
    key: 'constant',
    symbol: 'C',
    meaning: 'Constant C in R <= C * sqrt((log N(1/n) + log(1/delta)) / n) (bracketing bound for maximum likelihood).',
    unit: 'dimensionless',
    default: '3',
    range: { min: 0, minExclusive: true, description: 'number > 0' },
    kind: 'number',
  },
];

/** Upper end (exclusive) of seed values: seeds are unsigned 32-bit integers. */
export const SEED_LIMIT = 2 ** 32;

/** Keys of the `check { ... }` block. */
export const CHECK_KEYS: KeySchema[] = [
  {
    key: 'seeds',
    meaning: 'Random seeds of the empirical check: a list, or a count N meaning seeds 0..N-1.',
    unit: 'seed',
    default: '[3, 33, 520, 2025, 25731]',
    range: { min: 0, max: SEED_LIMIT, maxExclusive: true, description: `integers in [0, 2^32), or a count N with 1 <= N <= ${MAX_SEED_COUNT}` },
    kind: 'list',
    element: { kind: 'integer', range: { min: 0, max: SEED_LIMIT, maxExclusive: true, description: 'integer in [0, 2^32)' } },
  },
  {
    key: 'test_samples',
    meaning: 'Number of test pairs drawn from the true model for the Monte Carlo estimate of the total variation.',
    unit: 'count',
    default: '500',
    range: { min: 1, max: MAX_TEST_SAMPLES, description: `integer with 1 <= test_samples <= ${MAX_TEST_SAMPLES}` },
    kind: 'integer',
  },
  {
    key: 'time_limit',
    meaning: 'Wall-clock limit of the whole check; seeds not finished by then are reported as missing.',
    unit: 'seconds',
    default: 'none',
    range: { min: 0, minExclusive: true, description: 'number > 0' },
    kind: 'number',
  },
];

/** Range of `seeds = COUNT`. */
export const SEED_COUNT: KeySchema = {
  key: 'seeds',
  meaning: 'Number N of seeds; the check uses seeds 0..N-1.',
  unit: 'count',
  default: '[3, 33, 520, 2025, 25731]',
  range: { min: 1, max: MAX_SEED_COUNT, description: `integer with 1 <= N <= ${MAX_SEED_COUNT}` },
  kind: 'integer',
};

/** Default seeds of the reference simulation. */
export const DEFAULT_SEEDS: readonly number[] = [3, 33, 520, 2025, 25731];

/** Default number of test pairs. */
export const DEFAULT_TEST_SAMPLES = 500;

/** Bound presets. */
export const PRESETS: readonly string[] = ['paper', 'mle_bracketing'];
