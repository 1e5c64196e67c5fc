/**
 * The functions that spec expressions may call, implemented in plain
 * JavaScript (never mathjs's own, which accept matrices, units and complex
 * numbers). Each returns NaN where the real result does not exist; the
 * evaluator rejects every non-finite value.
 */

/** Argument counts and implementation of one allowed function. */
export interface AllowedFunction {
  minArguments: number;
  /** Infinity for variadic functions (min, max). */
  maxArguments: number;
  apply(values: number[]): number;
}

/**
 * Snaps x to the nearest integer when it lies within 1e-9 of it, relative to
 * |x| but at least 1e-9 absolute, so that floor(0.57 * 100) is 57 although
 * 0.57 * 100 = 56.99999999999999 in binary floating point. Values farther
 * away, such as 56.5, are returned unchanged.
 */
export function snapToInteger(x: number): number {
  const nearest = Math.round(x);
  const tolerance = 1e-9 * Math.max(1, Math.abs(x));
  return Math.abs(x - nearest) <= tolerance ? nearest : x;
}

/** Rounds half away from zero (round(2.5) = 3, round(-2.5) = -3), after snapping. */
function roundHalfAwayFromZero(x: number): number {
  const snapped = snapToInteger(x);
  return Math.sign(snapped) * Math.round(Math.abs(snapped));
}

function unary(apply: (x: number) => number): AllowedFunction {
  return { minArguments: 1, maxArguments: 1, apply: (values) => apply(values[0]) };
}

/** Natural logarithm, or logarithm to a base when given two arguments; NaN for x < 0. */
function logarithm(values: number[]): number {
  const [x, base] = values;
  if (x < 0 || (base !== undefined && base < 0)) {
    return NaN;
  }
  return base === undefined ? Math.log(x) : Math.log(x) / Math.log(base);
}

/** Power; NaN for a negative base with a non-integer exponent (a complex result). */
export function power(base: number, exponent: number): number {
  return Math.pow(base, exponent);
}

export const ALLOWED_FUNCTIONS: ReadonlyMap<string, AllowedFunction> = new Map<string, AllowedFunction>([
  ['abs', unary(Math.abs)],
  ['sqrt', unary((x) => (x < 0 ? NaN : Math.sqrt(x)))],
  ['cbrt', unary(Math.cbrt)],
  ['exp', unary(Math.exp)],
  ['log', { minArguments: 1, maxArguments: 2, apply: logarithm }],
  ['log2', unary((x) => (x < 0 ? NaN : Math.log2(x)))],
  ['log10', unary((x) => (x < 0 ? NaN : Math.log10(x)))],
  ['log1p', unary((x) => (x < -1 ? NaN : Math.log1p(x)))],
  ['floor', unary((x) => Math.floor(snapToInteger(x)))],
  ['ceil', unary((x) => Math.ceil(snapToInteger(x)))],
  ['round', unary(roundHalfAwayFromZero)],
  ['min', { minArguments: 1, maxArguments: Infinity, apply: (values) => Math.min(...values) }],
  ['max', { minArguments: 1, maxArguments: Infinity, apply: (values) => Math.max(...values) }],
  ['pow', { minArguments: 2, maxArguments: 2, apply: (values) => power(values[0], values[1]) }],
  ['sign', unary(Math.sign)],
]);
