/**
 * Sample-size planning: the smallest total n at which the single-source
 * and the multi-source bound of a point meet a target, for the point's
 * preset. Proof of the search's correctness and the closed form of the
 * order-level preset in docs/theory.md ("Sample-size planning").
 */
import type { Preset, ResolvedPoint } from '../semantics/model';
import { boundAsFunctionOfN } from './bound-values';
import { isUnavailable } from './classes/types';
import { countParameters } from './counts';
import type { DerivationStep } from './derivation';
import { explicitBoundValue } from './explicit-bound';
import { formatNumber } from './format';
import { invalidExplicitPoint, invalidOrderPoint } from './point-validation';
import { PLANNER, PLANNER_CLOSED_FORM } from './rules';
import { SAMPLE_SEARCH_LIMIT, smallestSampleSize } from './sample-search';
import type { SamplePlan } from './types';

type Mode = 'single' | 'multi';

/** Computes the closed-form plan n = ceil(P_class / target^2) of the order-level preset. */
export function orderLevelSampleSize(parameters: number, target: number): number {
  return Math.max(1, Math.ceil(parameters / (target * target)));
}

/**
 * Finds, for the point's preset, the smallest total n at which each bound
 * is at most `target`. Returns null for a mode when no n up to 1e15 meets
 * the target, and sets `unavailable` when the point has no bound.
 */
export function planSampleSize(point: ResolvedPoint, target: number, preset: Preset = point.preset): SamplePlan {
  const empty = (reason: string): SamplePlan => ({
    target,
    preset,
    single: null,
    multi: null,
    unavailable: reason,
    derivation: { title: `Sample size for bound <= ${formatNumber(target)}`, steps: [], result: Number.NaN },
  });

  const invalid = preset === 'paper' ? invalidOrderPoint(point) : invalidExplicitPoint(point);
  if (invalid !== undefined) {
    return empty(invalid.unavailable);
  }
  if (!(target > 0) || !Number.isFinite(target)) {
    return empty(`target = ${target} is invalid: the target must be a finite number > 0.`);
  }

  const counted = countParameters(point);
  if (isUnavailable(counted)) {
    return empty(counted.unavailable);
  }

  if (preset === 'mle_bracketing') {
    const probe = explicitBoundValue(counted.theory, point, counted.counts, 'single');
    if (isUnavailable(probe)) {
      return empty(probe.unavailable);
    }
  }

  const steps: DerivationStep[] = [];
  const result: Record<Mode, number | null> = { single: null, multi: null };
  for (const mode of ['single', 'multi'] as const) {
    const bound = boundAsFunctionOfN(point, counted, preset, mode);
    const search = smallestSampleSize(bound, target);
    result[mode] = search.n;
    steps.push(searchStep(mode, target, bound, search.n, search.evaluations));

    if (preset === 'paper') {
      steps.push(closedFormStep(mode, mode === 'single' ? counted.counts.single : counted.counts.multi, target, search.n));
    }
  }

  return {
    target,
    preset,
    single: result.single,
    multi: result.multi,
    derivation: {
      title: `Smallest n with bound <= ${formatNumber(target)} (${preset} preset)`,
      steps: [...counted.steps, ...steps],
      result: result.multi ?? Number.NaN,
    },
  };
}

/**
 * Finds the smallest n at which each explicit bound is at most 1, so that
 * it constrains TV. Uses the search without derivation steps, because
 * every explicit report calls it. Returns undefined when the point has no
 * explicit bound.
 */
export function nonVacuousSampleSizes(point: ResolvedPoint): { single: number | null; multi: number | null } | undefined {
  if (invalidExplicitPoint(point) !== undefined) {
    return undefined;
  }
  const counted = countParameters(point);
  if (isUnavailable(counted)) {
    return undefined;
  }

  const single = boundAsFunctionOfN(point, counted, 'mle_bracketing', 'single');
  const multi = boundAsFunctionOfN(point, counted, 'mle_bracketing', 'multi');
  if (Number.isNaN(single(point.n)) || Number.isNaN(multi(point.n))) {
    return undefined;
  }
  return { single: smallestSampleSize(single, 1).n, multi: smallestSampleSize(multi, 1).n };
}

function searchStep(mode: Mode, target: number, bound: (n: number) => number, n: number | null, evaluations: number): DerivationStep {
  const quantity = `n_${mode}`;
  if (n === null) {
    return {
      rule: PLANNER,
      quantity,
      formula: `min { n : R_${mode}(n) <= ${formatNumber(target)} }`,
      substituted: `R_${mode}(${formatNumber(SAMPLE_SEARCH_LIMIT)}) = ${formatNumber(bound(SAMPLE_SEARCH_LIMIT))} > ${formatNumber(target)}`,
      value: Number.NaN,
      note: `No n up to ${formatNumber(SAMPLE_SEARCH_LIMIT)} meets the target.`,
    };
  }

  const below = n > 1 ? `, R_${mode}(${formatNumber(n - 1)}) = ${formatNumber(bound(n - 1))} > ${formatNumber(target)}` : '';
  return {
    rule: PLANNER,
    quantity,
    formula: `min { n : R_${mode}(n) <= ${formatNumber(target)} }`,
    substituted: `R_${mode}(${formatNumber(n)}) = ${formatNumber(bound(n))} <= ${formatNumber(target)}${below}`,
    value: n,
    note: `Found with ${evaluations} bound evaluations.`,
  };
}

function closedFormStep(mode: Mode, parameters: number, target: number, searched: number | null): DerivationStep {
  const closedForm = orderLevelSampleSize(parameters, target);
  const symbol = mode === 'single' ? 'P_single' : 'P_multi';
  const agreement =
    searched === closedForm
      ? 'Agrees with the search.'
      : `Differs from the search (${searched === null ? 'none' : formatNumber(searched)}) by floating-point rounding at the boundary; the search result is the one whose computed bound meets the target.`;
  return {
    rule: PLANNER_CLOSED_FORM,
    quantity: `n_${mode}`,
    formula: `ceil(${symbol} / target^2)`,
    substituted: `ceil(${formatNumber(parameters)} / ${formatNumber(target)}^2)`,
    value: closedForm,
    note: agreement,
  };
}
