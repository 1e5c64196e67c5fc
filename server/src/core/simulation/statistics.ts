/**
 * Summaries over seeds: mean, standard error and Student-t confidence
 * intervals, on plain arrays.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

import type { Summary } from './types';

/** Arithmetic mean; 0 for an empty list, so that summaries never hold NaN. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample standard deviation with the n - 1 denominator; 0 for fewer than two values. */
export function sampleStandardDeviation(values: ArrayLike<number>): number {
  const count = values.length;
  if (count < 2) return 0;
  const center = mean(values);
  let sumOfSquares = 0;
  for (let i = 0; i < count; i++) sumOfSquares += (values[i] - center) ** 2;
  return Math.sqrt(sumOfSquares / (count - 1));
}

/**
 * Mean and standard error of the mean (sample standard deviation / sqrt(count)).
 * The standard error is 0 when there are fewer than two values, because no
 * spread can be estimated, and `count` shows which summaries those are.
 */
export function summarize(values: ArrayLike<number>): Summary {
  const count = values.length;
  return {
    mean: mean(values),
    se: count < 2 ? 0 : sampleStandardDeviation(values) / Math.sqrt(count),
    count,
  };
}

/** Two-sided confidence interval: estimate +- t(1 - alpha/2, df) * se. */
export interface ConfidenceInterval {
  lower: number;
  upper: number;
  halfWidth: number;
}

/**
 * Returns the two-sided Student-t interval of the given level around an
 * estimate with standard error `se` and `degreesOfFreedom` degrees of freedom.
 */
export function studentInterval(estimate: number, se: number, degreesOfFreedom: number, level = 0.95): ConfidenceInterval {
  const quantile = tQuantile(1 - (1 - level) / 2, degreesOfFreedom);
  const halfWidth = quantile * se;
  return { lower: estimate - halfWidth, upper: estimate + halfWidth, halfWidth };
}
