/**
 * Integer search for the smallest sample size at which a bound meets a
 * target: doubling to find an upper bracket, then bisection.
 */

/** Largest n the search tries; beyond it the plan reports no n (null). 1e15 < 2^53 keeps n exact. */
export const SAMPLE_SEARCH_LIMIT = 1e15;

/** Result of {@link smallestSampleSize}: n, and how many bound evaluations it took. */
export interface SampleSearchResult {
  n: number | null;
  evaluations: number;
}

/**
 * Finds the smallest integer n in [1, limit] with bound(n) <= target,
 * assuming bound(n) <= target for every n past the first such n. It
 * doubles n from 1 until bound(n) <= target (or the limit fails too, then
 * returns null), then bisects between the last failing and the first
 * passing n. A NaN bound counts as failing.
 *
 * NOTE: the explicit bound contains ceil(B / h), so it decreases in n only
 * piecewise. Where the assumption fails, the result is still an n with
 * bound(n) <= target < bound(n - 1), but a smaller n may also meet the target.
 */
export function smallestSampleSize(
  bound: (n: number) => number,
  target: number,
  limit = SAMPLE_SEARCH_LIMIT,
): SampleSearchResult {
  let evaluations = 0;
  const meets = (n: number): boolean => {
    evaluations++;
    return bound(n) <= target;
  };

  if (meets(1)) {
    return { n: 1, evaluations };
  }

  let failing = 1;
  let passing = 2;
  while (!meets(passing)) {
    failing = passing;
    if (passing >= limit) {
      return { n: null, evaluations };
    }
    passing = Math.min(passing * 2, limit);
  }

  while (passing - failing > 1) {
    const middle = Math.floor((failing + passing) / 2);
    if (meets(middle)) {
      passing = middle;
    } else {
      failing = middle;
    }
  }
  return { n: passing, evaluations };
}
