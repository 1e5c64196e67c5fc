/**
 * The two bounds that the verdicts compare with, from the bound engine,
 * with any failure turned into a reason instead of an exception.
 */
import type { ResolvedPoint } from '../semantics/model';
import { explicitBound, orderBound } from '../theory';
import type { BoundReport } from '../theory/types';

export type BoundLookup = { report: BoundReport } | { unavailable: string };

function lookUp(compute: (point: ResolvedPoint) => unknown, point: ResolvedPoint): BoundLookup {
  try {
    const result = compute(point) as BoundReport | { unavailable: string };
    if ('unavailable' in result) return { unavailable: result.unavailable };
    return { report: result };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}

/** Looks up the explicit `mle_bracketing` bound (Theorem G) at the point, whatever its preset. */
export function explicitBoundAt(point: ResolvedPoint): BoundLookup {
  return lookUp(explicitBound, point);
}

/** Looks up the order-level `paper` bound sqrt(P / n) at the point, whatever its preset. */
export function orderBoundAt(point: ResolvedPoint): BoundLookup {
  return lookUp(orderBound, point);
}
