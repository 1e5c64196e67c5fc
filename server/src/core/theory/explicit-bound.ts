/**
 * Explicit bound of the `mle_bracketing` preset: Theorem G with the
 * model class's bracketing number at eps = 1/n (Lemma B for the Gaussian
 * class, Lemma A for Lipschitz classes).
 */
import type { ResolvedPoint } from '../semantics/model';
import { isUnavailable, type ModelClassTheory, type TrainingMode, type Unavailable } from './classes/types';
import type { DerivationStep } from './derivation';
import { formatNumber } from './format';
import { BRACKETING_RADIUS } from './rules';
import { theoremGBound, theoremGStep } from './theorem-g';
import type { ParameterCounts } from './types';

/** Value of the explicit bound with the steps after the parameter counts. */
export interface ExplicitValue {
  value: number;
  logBracketing: number;
  steps: DerivationStep[];
}

/**
 * Computes C sqrt((log N(1/n) + log(1/delta)) / n) for one training mode
 * at the point's n, or returns why the class has no bracketing number.
 */
export function explicitBoundValue(
  theory: ModelClassTheory,
  point: ResolvedPoint,
  counts: ParameterCounts,
  mode: TrainingMode,
): ExplicitValue | Unavailable {
  const epsilon = 1 / point.n;
  const bracketing = theory.logBracketingNumber(point, epsilon, mode, counts);
  if (isUnavailable(bracketing)) {
    return bracketing;
  }

  const input = { C: point.C, logBracketing: bracketing.value, delta: point.delta, n: point.n };
  const steps: DerivationStep[] = [
    {
      rule: BRACKETING_RADIUS,
      quantity: 'eps',
      formula: 'eps = 1 / n',
      substituted: `1 / ${formatNumber(point.n)}`,
      value: epsilon,
    },
    ...bracketing.steps,
    theoremGStep(input, `R_${mode}`),
  ];
  return { value: theoremGBound(input), logBracketing: bracketing.value, steps };
}
