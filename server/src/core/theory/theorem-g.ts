/**
 * Theorem G: the classical bracketing bound for maximum likelihood in
 * total variation, R(p_hat) <= C sqrt((log N(1/n) + log(1/delta)) / n).
 * Statement, assumptions and a proof with the constant
 * 2 sqrt(2) sqrt(1 + 1 / (sqrt(2) a)), a = log N(1/n) + log(1/delta), in
 * docs/theory.md ("Theorem G").
 */
import type { DerivationStep } from './derivation';
import { formatNumber } from './format';
import { THEOREM_G } from './rules';

export interface TheoremGInput {
  /** C > 0: the theorem's constant. */
  C: number;
  /** log N(1/n), natural logarithm. */
  logBracketing: number;
  /** 0 < delta < 1: failure probability. */
  delta: number;
  /** n >= 1: total sample size. */
  n: number;
}

/**
 * Computes C sqrt((log N(1/n) + log(1/delta)) / n). log(1/delta) is
 * taken as -log(delta), so delta = 1e-300 gives 690.8 without overflow.
 */
export function theoremGBound(input: TheoremGInput): number {
  const { C, logBracketing, delta, n } = input;
  return C * Math.sqrt((logBracketing - Math.log(delta)) / n);
}

/**
 * Computes the smallest C for which docs/theory.md proves Theorem G at
 * these values: the proof gives R <= 2 sqrt(2) sqrt((a + 1/sqrt(2)) / n)
 * with a = log N(1/n) + log(1/delta), which equals C sqrt(a / n) for
 * C = 2 sqrt(2) sqrt(1 + 1 / (sqrt(2) a)).
 */
export function provedConstant(logBracketing: number, delta: number): number {
  const a = logBracketing - Math.log(delta);
  return 2 * Math.SQRT2 * Math.sqrt(1 + 1 / (Math.SQRT2 * a));
}

/** Derivation step of {@link theoremGBound} for one training mode. */
export function theoremGStep(input: TheoremGInput, quantity: string): DerivationStep {
  const value = theoremGBound(input);
  const proved = provedConstant(input.logBracketing, input.delta);
  const step: DerivationStep = {
    rule: THEOREM_G,
    quantity,
    formula: `${quantity} <= C sqrt((log N(1/n) + log(1/delta)) / n)`,
    substituted: `${formatNumber(input.C)} * sqrt((${formatNumber(input.logBracketing)} + log(1/${formatNumber(input.delta)})) / ${formatNumber(input.n)})`,
    value,
  };
  if (input.C < proved) {
    step.note = `C = ${formatNumber(input.C)} is below the constant ${formatNumber(proved, 4)} that the proof gives at these values, so this value is not proved.`;
  }
  return step;
}
