/**
 * Lemma B: upper bracketing number of the Gaussian location family
 * {N(mu, I_d): mu in [-B, B]^d}. Proof in docs/theory.md ("Lemma B").
 */
import type { DerivationStep } from './derivation';
import { formatNumber } from './format';
import { logCeilAtLeastOne } from './lemma-a';
import { LEMMA_B } from './rules';

/**
 * Computes the cube half-width h = (sqrt(2 pi) / 2) ((1 + eps)^(1/d) - 1)
 * of Lemma B, at which the bracket of a d-dimensional cube has integral
 * (1 + 2 h / sqrt(2 pi))^d = 1 + eps. Evaluated as
 * expm1(log1p(eps) / d) so that eps = 1e-12 with d = 1e4 keeps full
 * relative precision (the direct form cancels to 0).
 */
export function gaussianBracketHalfWidth(epsilon: number, dimension: number): number {
  return (Math.sqrt(2 * Math.PI) / 2) * Math.expm1(Math.log1p(epsilon) / dimension);
}

/** Computes log ceil(B / h), the log of the number of intervals that cover [-B, B]; log B - log h if B / h overflows. */
export function logIntervalsPerCoordinate(meanBound: number, width: number): number {
  const cells = meanBound / width;
  return Number.isFinite(cells) ? logCeilAtLeastOne(cells) : Math.log(meanBound) - Math.log(width);
}

/** Computes the value of {@link gaussianLogBracketingNumber} without building its steps. */
export function gaussianLogBracketingValue(epsilon: number, dimension: number, meanBound: number, coordinates: number): number {
  return coordinates * logIntervalsPerCoordinate(meanBound, gaussianBracketHalfWidth(epsilon, dimension));
}

export interface GaussianBracketingInput {
  /** eps > 0. */
  epsilon: number;
  /** d: dimension of one condition's density (D for the conditional Gaussian), which fixes h. */
  dimension: number;
  /** B: every mean coordinate lies in [-B, B]. */
  meanBound: number;
  /** Number of mean coordinates the class covers (K D single, K (D - d_s) + d_s multi). */
  coordinates: number;
  /** Name of the coordinate count in formulas, such as `P_single`. */
  coordinatesSymbol?: string;
}

/**
 * Computes log N(eps) <= coordinates * log ceil(B / h) (Lemma B, with
 * each mean coordinate of the conditional class covered by intervals of
 * half-width h). Each condition's bracket is still a product over its d
 * coordinates, so h depends on d, not on the number of coordinates.
 */
export function gaussianLogBracketingNumber(input: GaussianBracketingInput): { value: number; steps: DerivationStep[] } {
  const { epsilon, dimension, meanBound, coordinates } = input;
  const symbol = input.coordinatesSymbol ?? 'd';

  const width = gaussianBracketHalfWidth(epsilon, dimension);
  const logCells = logIntervalsPerCoordinate(meanBound, width);
  const value = coordinates * logCells;

  const steps: DerivationStep[] = [
    {
      rule: LEMMA_B,
      quantity: 'h',
      formula: 'h = (sqrt(2 pi) / 2) ((1 + eps)^(1/D) - 1)',
      substituted: `(sqrt(2 pi) / 2) * ((1 + ${formatNumber(epsilon)})^(1/${formatNumber(dimension)}) - 1)`,
      value: width,
      note: 'Half-width of the intervals that cover each mean coordinate.',
    },
    {
      rule: LEMMA_B,
      quantity: 'log N(1/n)',
      formula: `log N(1/n) <= ${symbol} log ceil(B / h)`,
      substituted: `${formatNumber(coordinates)} * log ceil(${formatNumber(meanBound)} / ${formatNumber(width)})`,
      value,
      note: `ceil(B / h) = ${formatNumber(Math.exp(logCells))} intervals per coordinate.`,
    },
  ];
  return { value, steps };
}
