/**
 * Sweep-level verdicts: the rate of R in n and the shape of R against the
 * order-level curve. The rules and thresholds are stated in docs/checks.md.
 */
import type { ResolvedPoint } from '../semantics/model';
import { orderBoundAt } from './bounds';
import { worstStatus } from './point-verdicts';
import { mean, sampleStandardDeviation, studentInterval } from './statistics';
import type { PointCheck, Summary, Verdict, VerdictStatus } from './types';

/** Exponent of n that the bounds predict: R ~ n^(-1/2). */
export const PREDICTED_RATE = -0.5;

/** The rate passes when the slope's interval comes within this distance of -1/2. */
export const RATE_TOLERANCE = 0.05;

/** Maximum half-width of a conclusive slope interval; wider intervals make the rate inconclusive. */
export const RATE_MAX_HALF_WIDTH = 0.25;

/** Shape passes when the coefficient of variation of R / order-level bound is at most this. */
export const SHAPE_MAX_VARIATION = 0.1;

/** Shape fails only when its variation is also above this multiple of what sampling noise alone explains. */
export const SHAPE_NOISE_FACTOR = 2;

type Mode = 'single' | 'multi';

interface CheckedPoint {
  point: ResolvedPoint;
  check: PointCheck;
}

function format(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(3) : String(value);
}

/** Exact R where every seed has it (less noisy, no heavy tail), else the Monte Carlo R. */
function riskSummary(check: PointCheck, mode: Mode): Summary {
  return check.exact?.[mode] ?? check.empirical[mode];
}

/**
 * Keeps one point per distinct simulation. Points that differ only in
 * settings the simulation ignores (delta, C, the preset) reuse the same
 * seeds and give identical R, so counting each would overstate the
 * evidence of the fits.
 */
function distinctSimulations(points: CheckedPoint[]): CheckedPoint[] {
  const seen = new Set<string>();
  return points.filter(({ point }) => {
    const key = JSON.stringify([point.K, point.weights, point.model, point.n, point.perSource, point.check.testSamples, point.check.seeds]);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** Key of everything but the sample size, so that points differing only in n fall in one group. */
function keyWithoutSampleSize(point: ResolvedPoint): string {
  return JSON.stringify([point.K, point.weights, point.model, point.perSource !== undefined, point.check.testSamples]);
}

interface SlopeFit {
  slope: number;
  se: number;
  lower: number;
  upper: number;
  halfWidth: number;
}

/**
 * Weighted least-squares fit of log mean R on log n with weights
 * 1 / se(log mean)^2 = (mean / se)^2. The slope's standard error is
 * inflated by the reduced chi-square when that exceeds 1 (lack of fit),
 * and the interval uses Student t with (points - 2) degrees of freedom.
 */
function fitLogLogSlope(sampleSizes: number[], summaries: Summary[]): SlopeFit {
  const x = sampleSizes.map(Math.log);
  const y = summaries.map((summary) => Math.log(summary.mean));
  const w = summaries.map((summary) => (summary.mean / summary.se) ** 2);
  const weightSum = w.reduce((sum, value) => sum + value, 0);
  const xBar = x.reduce((sum, value, i) => sum + w[i] * value, 0) / weightSum;
  const yBar = y.reduce((sum, value, i) => sum + w[i] * value, 0) / weightSum;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    sxx += w[i] * (x[i] - xBar) ** 2;
    sxy += w[i] * (x[i] - xBar) * (y[i] - yBar);
  }
  const slope = sxy / sxx;

  const degreesOfFreedom = x.length - 2;
  let chiSquare = 0;
  for (let i = 0; i < x.length; i++) chiSquare += w[i] * (y[i] - yBar - slope * (x[i] - xBar)) ** 2;
  const inflation = Math.max(1, chiSquare / degreesOfFreedom);
  const se = Math.sqrt(inflation / sxx);
  const interval = studentInterval(slope, se, degreesOfFreedom);
  return { slope, se, ...interval };
}

function rateStatus(fit: SlopeFit): VerdictStatus {
  if (fit.halfWidth > RATE_MAX_HALF_WIDTH) return 'inconclusive';
  return Math.abs(fit.slope - PREDICTED_RATE) <= RATE_TOLERANCE + fit.halfWidth ? 'pass' : 'fail';
}

function groupLabel(points: CheckedPoint[]): string {
  const first = points[0].point;
  const fixed = Object.entries(first.sweepValues).filter(([symbol]) => points.every((entry) => entry.point.sweepValues[symbol] === first.sweepValues[symbol]));
  const names = fixed.map(([symbol, value]) => `${symbol} = ${value}`);
  return names.length > 0 ? ` at ${names.join(', ')}` : '';
}

/**
 * Rate verdicts: for each group of points that differ only in n, with at
 * least 3 distinct n, the log-log slope of the primary mean R in n for
 * single and multi, against -1/2.
 */
function rateVerdicts(points: CheckedPoint[]): Verdict[] {
  const groups = new Map<string, CheckedPoint[]>();
  for (const entry of points) {
    const key = keyWithoutSampleSize(entry.point);
    const group = groups.get(key) ?? [];
    group.push(entry);
    groups.set(key, group);
  }

  const verdicts: Verdict[] = [];
  for (const group of groups.values()) {
    const distinctSampleSizes = new Set(group.map((entry) => entry.point.n));
    if (distinctSampleSizes.size < 3) continue;

    const sampleSizes = group.map((entry) => entry.point.n);
    const label = groupLabel(group);
    const parts: string[] = [];
    const statuses: VerdictStatus[] = [];
    const values: Record<string, number> = { points: group.length };
    for (const mode of ['single', 'multi'] as Mode[]) {
      const summaries = group.map((entry) => riskSummary(entry.check, mode));
      if (summaries.some((summary) => !(summary.mean > 0) || !(summary.se > 0))) {
        statuses.push('inconclusive');
        parts.push(`${mode}: not fitted, because a point has mean R of 0 or fewer than 2 seeds`);
        continue;
      }
      const fit = fitLogLogSlope(sampleSizes, summaries);
      statuses.push(rateStatus(fit));
      values[`slope_${mode}`] = fit.slope;
      values[`lower_${mode}`] = fit.lower;
      values[`upper_${mode}`] = fit.upper;
      parts.push(`${mode} slope ${format(fit.slope)} (95% CI [${format(fit.lower)}, ${format(fit.upper)}])`);
    }
    verdicts.push({
      name: 'rate',
      status: worstStatus(statuses),
      message:
        `Log-log slope of R in n${label}: ${parts.join('; ')}, against -1/2 ` +
        `(pass within ${RATE_TOLERANCE} plus the CI half-width; a half-width above ${RATE_MAX_HALF_WIDTH} is inconclusive).`,
      values,
    });
  }
  return verdicts;
}

interface ShapeFit {
  variation: number;
  noiseVariation: number;
  rSquared: number;
  scale: number;
}

/**
 * Proportionality of mean R to the order-level bound across the sweep:
 * the coefficient of variation of c_j = R_j / bound_j, the variation that
 * sampling noise alone gives, sqrt(mean((se_j / R_j)^2)), and the
 * (uncentred) R^2 of the least-squares fit R = a bound through the origin.
 */
function fitShape(summaries: Summary[], bounds: number[]): ShapeFit {
  const ratios = summaries.map((summary, j) => summary.mean / bounds[j]);
  const variation = sampleStandardDeviation(ratios) / mean(ratios);
  const noiseVariation = Math.sqrt(mean(summaries.map((summary) => (summary.mean > 0 ? (summary.se / summary.mean) ** 2 : 0))));
  let boundDotR = 0;
  let boundSquared = 0;
  let rSquaredTotal = 0;
  summaries.forEach((summary, j) => {
    boundDotR += bounds[j] * summary.mean;
    boundSquared += bounds[j] ** 2;
    rSquaredTotal += summary.mean ** 2;
  });
  const scale = boundDotR / boundSquared;
  let residual = 0;
  summaries.forEach((summary, j) => {
    residual += (summary.mean - scale * bounds[j]) ** 2;
  });
  return { variation, noiseVariation, rSquared: 1 - residual / rSquaredTotal, scale };
}

function shapeStatus(fit: ShapeFit): VerdictStatus {
  if (fit.variation <= SHAPE_MAX_VARIATION) return 'pass';
  return fit.variation > SHAPE_NOISE_FACTOR * fit.noiseVariation ? 'fail' : 'inconclusive';
}

/** Shape verdict over all points of the sweep (at least 3), single and multi. */
function shapeVerdict(points: CheckedPoint[]): Verdict | undefined {
  if (points.length < 3) return undefined;

  const orderBounds = points.map((entry) => orderBoundAt(entry.point));
  const missing = orderBounds.find((lookup) => 'unavailable' in lookup);
  if (missing && 'unavailable' in missing) {
    return { name: 'shape', status: 'inconclusive', message: `The order-level bound is unavailable: ${missing.unavailable}`, values: {} };
  }

  const parts: string[] = [];
  const statuses: VerdictStatus[] = [];
  const values: Record<string, number> = { points: points.length };
  for (const mode of ['single', 'multi'] as Mode[]) {
    const summaries = points.map((entry) => riskSummary(entry.check, mode));
    const bounds = orderBounds.map((lookup) => ('report' in lookup ? lookup.report[mode].value : Number.NaN));
    if (summaries.some((summary) => !(summary.mean > 0))) {
      statuses.push('inconclusive');
      parts.push(`${mode}: not fitted, because a point has mean R of 0`);
      continue;
    }
    const fit = fitShape(summaries, bounds);
    statuses.push(shapeStatus(fit));
    values[`variation_${mode}`] = fit.variation;
    values[`noiseVariation_${mode}`] = fit.noiseVariation;
    values[`rSquared_${mode}`] = fit.rSquared;
    values[`scale_${mode}`] = fit.scale;
    parts.push(
      `${mode} R / bound varies by ${(100 * fit.variation).toFixed(1)}% (noise alone ${(100 * fit.noiseVariation).toFixed(1)}%), ` +
        `R = ${format(fit.scale)} x bound with R^2 ${fit.rSquared.toFixed(4)}`,
    );
  }
  return {
    name: 'shape',
    status: worstStatus(statuses),
    message:
      `Proportionality of R to the order-level bound across ${points.length} points: ${parts.join('; ')} ` +
      `(pass at most ${100 * SHAPE_MAX_VARIATION}%; fail above that and above ${SHAPE_NOISE_FACTOR} x the noise).`,
    values,
  };
}

/**
 * Computes the sweep-level verdicts: one `rate` verdict per group of points
 * that differ only in n (when n takes at least 3 values) and one `shape`
 * verdict over all points (when there are at least 3).
 */
export function sweepVerdicts(points: CheckedPoint[]): Verdict[] {
  const checked = distinctSimulations(points.filter((entry) => entry.check.seeds.length > 0));
  const verdicts = rateVerdicts(checked);
  const shape = shapeVerdict(checked);
  if (shape) verdicts.push(shape);
  return verdicts;
}
