/**
 * Summary of one point's seeds: means, standard errors and the point
 * verdicts.
 */
import type { ResolvedPoint } from '../semantics/model';
import { explicitBoundAt, orderBoundAt } from './bounds';
import { boundHoldsVerdict, orderingVerdict, premiseVerdict, ratioVerdict } from './point-verdicts';
import { summarize } from './statistics';
import type { PointCheck, SeedResult } from './types';

/**
 * Summarizes a point's seeds. `empirical` is the Monte Carlo estimate where
 * seeds have one and the exact value otherwise; `exact` is set when every
 * seed has an exact value. Verdicts use the exact R where every seed has
 * it, because it is R(p_hat) itself rather than an estimate.
 */
export function summarizePoint(point: ResolvedPoint, seeds: SeedResult[]): PointCheck {
  const primary = seeds.map((seed) => seed.monteCarlo ?? seed.exact);
  const primarySingle = primary.map((values) => values?.single ?? Number.NaN);
  const primaryMulti = primary.map((values) => values?.multi ?? Number.NaN);

  const check: PointCheck = {
    sweepValues: { ...point.sweepValues },
    seeds,
    empirical: { single: summarize(primarySingle), multi: summarize(primaryMulti) },
    verdicts: [
      premiseVerdict(point, seeds),
      boundHoldsVerdict(point, seeds, explicitBoundAt(point)),
      orderingVerdict(seeds),
      ratioVerdict(seeds, orderBoundAt(point)),
    ],
  };

  if (seeds.length > 0 && seeds.every((seed) => seed.exact !== undefined)) {
    check.exact = {
      single: summarize(seeds.map((seed) => seed.exact?.single ?? Number.NaN)),
      multi: summarize(seeds.map((seed) => seed.exact?.multi ?? Number.NaN)),
    };
  }
  return check;
}
