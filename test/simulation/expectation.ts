/**
 * Expected average TV of the single-source and multi-source Gaussian MLEs,
 * by numerical integration instead of simulation: an independent reference
 * for the simulation's seed means.
 *
 * Given the counts, the estimation error of source k is Gaussian with
 * ||Delta_k||^2 = chi2_D / n_k for the single-source fit and
 * chi2_(D - d) / n_k + chi2_d / n for the multi-source fit (the pooled
 * shared coordinates average all n samples, whatever their labels, and are
 * independent of the specific ones). So
 *
 *   E[R] = sum_k pi_k sum_m Binomial(m; n, pi_k) E[erf(||Delta_k|| / (2 sqrt 2)) | n_k = m],
 *
 * integrated over the chi densities by composite Simpson and summed over
 * the binomial where its mass is above 1e-16. An empty source (n_k = 0) is
 * estimated by 0 on all coordinates for single and on the specific ones
 * for multi, as the simulation does. Clipping is ignored, so points must
 * use a mean bound far above the true means.
 */
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import chiSquarePdf from '@stdlib/stats-base-dists-chisquare-pdf';
import erf from '@stdlib/math-base-special-erf';

import type { ResolvedPoint } from '../../server/src/core/semantics/model';

/** Simpson intervals per chi variable (even). */
const SIMPSON_INTERVALS = 64;

/** Binomial terms below this mass are dropped. */
const NEGLIGIBLE_MASS = 1e-16;

/** Nodes and weights of a quadrature for E[h(S)], S ~ chi with k degrees of freedom. */
export interface ChiQuadrature {
  nodes: Float64Array;
  weights: Float64Array;
}

/**
 * Composite Simpson rule on [0, sqrt(k) + 10] for the chi density
 * f(s) = 2 s chi2pdf(s^2; k), which is smooth for k >= 1 (the chi-square
 * density itself has a singularity at 0 when k = 1). The cut at
 * sqrt(k) + 10 leaves tail mass below 1e-20 for k <= 30. For k = 0 the
 * variable is 0.
 */
export function chiQuadrature(degreesOfFreedom: number, intervals = SIMPSON_INTERVALS): ChiQuadrature {
  if (degreesOfFreedom === 0) return { nodes: Float64Array.of(0), weights: Float64Array.of(1) };

  const upper = Math.sqrt(degreesOfFreedom) + 10;
  const step = upper / intervals;
  const nodes = new Float64Array(intervals + 1);
  const weights = new Float64Array(intervals + 1);
  for (let i = 0; i <= intervals; i++) {
    const s = i * step;
    let simpson = i % 2 === 1 ? 4 : 2;
    if (i === 0 || i === intervals) simpson = 1;
    nodes[i] = s;
    weights[i] = s === 0 ? 0 : ((simpson * step) / 3) * 2 * s * chiSquarePdf(s * s, degreesOfFreedom);
  }
  return { nodes, weights };
}

function totalVariation(normSquared: number): number {
  return erf(Math.sqrt(normSquared) / (2 * Math.SQRT2));
}

/** E[TV] for ||Delta||^2 = a S^2 + b T^2 + c with S ~ chi(kS), T ~ chi(kT) independent. */
function expectedTotalVariation(first: ChiQuadrature, a: number, second: ChiQuadrature, b: number, c: number): number {
  let total = 0;
  for (let i = 0; i < first.nodes.length; i++) {
    const wi = first.weights[i];
    if (wi === 0) continue;
    const base = a * first.nodes[i] * first.nodes[i] + c;
    let inner = 0;
    for (let j = 0; j < second.nodes.length; j++) {
      const wj = second.weights[j];
      if (wj === 0) continue;
      inner += wj * totalVariation(base + b * second.nodes[j] * second.nodes[j]);
    }
    total += wi * inner;
  }
  return total;
}

/** Count distribution of one source: the binomial terms with mass above 1e-16, or a fixed count. */
function countDistribution(point: ResolvedPoint, weight: number): { count: number; mass: number }[] {
  if (point.perSource !== undefined) return [{ count: point.perSource, mass: 1 }];
  const terms: { count: number; mass: number }[] = [];
  for (let m = 0; m <= point.n; m++) {
    const mass = binomialPmf(m, point.n, weight);
    if (mass > NEGLIGIBLE_MASS) terms.push({ count: m, mass });
  }
  return terms;
}

/** Expected exact R of the single-source and multi-source fits at a Gaussian point. */
export function expectedRisk(point: ResolvedPoint): { single: number; multi: number } {
  if (point.model.modelClass !== 'gaussian') throw new Error('expectedRisk needs a Gaussian point');
  const D = point.model.dim;
  const d = point.model.shared;
  const n = point.perSource !== undefined ? point.perSource * point.K : point.n;
  const zero: ChiQuadrature = chiQuadrature(0);
  const all = chiQuadrature(D);
  const specific = chiQuadrature(D - d);
  const shared = chiQuadrature(d);
  const cache = new Map<number, { single: number; multi: number }>();

  let single = 0;
  let multi = 0;
  point.weights.forEach((weight, index) => {
    const k = index + 1;
    for (const { count, mass } of countDistribution(point, weight)) {
      if (count === 0) {
        // Empty source: estimate 0, so Delta = -mu_k on the coordinates it does not pool.
        const offset = k * k * (D - d);
        single += weight * mass * totalVariation(offset);
        multi += weight * mass * (n > 0 ? expectedTotalVariation(shared, 1 / n, zero, 0, offset) : totalVariation(offset));
        continue;
      }
      let values = cache.get(count);
      if (!values) {
        values = {
          single: expectedTotalVariation(all, 1 / count, zero, 0, 0),
          multi: expectedTotalVariation(specific, 1 / count, shared, 1 / n, 0),
        };
        cache.set(count, values);
      }
      single += weight * mass * values.single;
      multi += weight * mass * values.multi;
    }
  });
  return { single, multi };
}
