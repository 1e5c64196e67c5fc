/**
 * Checks the settings of a point that every bound uses. The front end
 * validates specs first; these checks keep the bound engine total on
 * points built elsewhere (tests, the check runner).
 */
import type { ResolvedPoint } from '../semantics/model';
import type { Unavailable } from './classes/types';

/** Returns why the point cannot have an order-level bound, or undefined when it can. */
export function invalidOrderPoint(point: ResolvedPoint): Unavailable | undefined {
  if (!Number.isInteger(point.K) || point.K < 1) {
    return { unavailable: `sources K = ${point.K} is invalid: K must be an integer >= 1.` };
  }
  if (!Number.isFinite(point.n) || point.n < 1) {
    return { unavailable: `samples n = ${point.n} is invalid: n must be a finite number >= 1.` };
  }
  return undefined;
}

/** Returns why the point cannot have an explicit (Theorem G) bound, or undefined when it can. */
export function invalidExplicitPoint(point: ResolvedPoint): Unavailable | undefined {
  const invalid = invalidOrderPoint(point);
  if (invalid !== undefined) {
    return invalid;
  }
  if (!(point.delta > 0 && point.delta < 1)) {
    return { unavailable: `confidence delta = ${point.delta} is invalid: delta must lie in (0, 1).` };
  }
  if (!(point.C > 0) || !Number.isFinite(point.C)) {
    return { unavailable: `constant C = ${point.C} is invalid: C must be a finite number > 0.` };
  }
  return undefined;
}
