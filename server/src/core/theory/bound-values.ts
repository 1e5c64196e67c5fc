/**
 * Bound values without derivations, for the sample-size planner (about 100
 * evaluations per plan) and for the claim variants under other presets, C
 * and delta. They use the same formulas as the reports: sqrt(P_class / n)
 * for the `paper` preset and Theorem G for `mle_bracketing`.
 */
import type { Preset, ResolvedPoint } from '../semantics/model';
import { isUnavailable, type TrainingMode, type Unavailable } from './classes/types';
import { countParameters, type CountedParameters } from './counts';
import { orderLevelBound } from './order-bound';
import { invalidExplicitPoint, invalidOrderPoint } from './point-validation';
import { theoremGBound } from './theorem-g';

/** Returns the bound of one mode as a function of n, with everything else fixed at the point's values. NaN where there is none. */
export function boundAsFunctionOfN(point: ResolvedPoint, counted: CountedParameters, preset: Preset, mode: TrainingMode): (n: number) => number {
  if (preset === 'paper') {
    const parameters = mode === 'single' ? counted.counts.single : counted.counts.multi;
    return (n) => orderLevelBound(parameters, n);
  }

  const { theory, counts } = counted;
  return (n) => {
    const atN = { ...point, n };
    const logBracketing = theory.logBracketingValue
      ? theory.logBracketingValue(atN, 1 / n, mode, counts)
      : valueOf(theory.logBracketingNumber(atN, 1 / n, mode, counts));
    if (typeof logBracketing !== 'number') {
      return Number.NaN;
    }
    return theoremGBound({ C: point.C, logBracketing, delta: point.delta, n });
  };
}

/** Computes the single-source and multi-source bounds of a point under a preset, or returns why there are none. */
export function boundValues(point: ResolvedPoint, preset: Preset): { single: number; multi: number } | Unavailable {
  const invalid = preset === 'paper' ? invalidOrderPoint(point) : invalidExplicitPoint(point);
  if (invalid !== undefined) {
    return invalid;
  }
  const counted = countParameters(point);
  if (isUnavailable(counted)) {
    return counted;
  }

  const single = boundAsFunctionOfN(point, counted, preset, 'single')(point.n);
  const multi = boundAsFunctionOfN(point, counted, preset, 'multi')(point.n);
  if (Number.isNaN(single) || Number.isNaN(multi)) {
    return { unavailable: `The model class '${point.model.modelClass}' has no bracketing number at this point.` };
  }
  return { single, multi };
}

function valueOf(result: { value: number } | Unavailable): number | Unavailable {
  return isUnavailable(result) ? result : result.value;
}
