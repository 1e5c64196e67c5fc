/**
 * Parameter counts of the single-source and multi-source conditional
 * classes and the similarity beta_sim (Wang et al., "A Theory for
 * Conditional Generative Modeling on Multiple Data Sources",
 * arXiv:2502.14583): P_single = K P, P_multi = K (P - P_s) + P_s,
 * beta_sim = P_s / P.
 */
import type { ResolvedPoint } from '../semantics/model';
import { modelClassTheory } from './classes/registry';
import { isUnavailable, type ModelClassTheory, type Unavailable } from './classes/types';
import type { DerivationStep } from './derivation';
import { formatNumber } from './format';
import { PARAMETER_COUNT, SIMILARITY } from './rules';
import type { ParameterCounts } from './types';

/** Counts with the steps that derive them, and the theory that supplied P and P_s. */
export interface CountedParameters {
  counts: ParameterCounts;
  steps: DerivationStep[];
  theory: ModelClassTheory;
}

/** Computes P_single = K P. */
export function singleSourceParameters(K: number, perSource: number): number {
  return K * perSource;
}

/** Computes P_multi = K (P - P_s) + P_s. */
export function multiSourceParameters(K: number, perSource: number, shared: number): number {
  return K * (perSource - shared) + shared;
}

/** Computes beta_sim = P_s / P. */
export function similarity(perSource: number, shared: number): number {
  return shared / perSource;
}

/**
 * Counts the parameters of both classes at a point through the model
 * class's theory, or returns why they are unavailable.
 */
export function countParameters(point: ResolvedPoint): CountedParameters | Unavailable {
  const theory = modelClassTheory(point.model.modelClass);
  if (theory === undefined) {
    return { unavailable: `No bound is available yet for model class '${point.model.modelClass}': its theory is not registered.` };
  }

  const perClass = theory.parameterCounts(point);
  if (isUnavailable(perClass)) {
    return perClass;
  }

  const { perSource, shared } = perClass;
  if (!Number.isFinite(perSource) || perSource < 1 || !(shared >= 0) || shared > perSource) {
    return { unavailable: `Parameter counts P = ${perSource}, P_s = ${shared} are invalid: need P >= 1 and 0 <= P_s <= P.` };
  }

  const K = point.K;
  const single = singleSourceParameters(K, perSource);
  const multi = multiSourceParameters(K, perSource, shared);
  const betaSim = similarity(perSource, shared);

  const steps: DerivationStep[] = [
    ...perClass.steps,
    {
      rule: SIMILARITY,
      quantity: 'beta_sim',
      formula: 'beta_sim = P_s / P',
      substituted: `${formatNumber(shared)} / ${formatNumber(perSource)}`,
      value: betaSim,
    },
    {
      rule: PARAMETER_COUNT,
      quantity: 'P_single',
      formula: 'P_single = K P',
      substituted: `${formatNumber(K)} * ${formatNumber(perSource)}`,
      value: single,
    },
    {
      rule: PARAMETER_COUNT,
      quantity: 'P_multi',
      formula: 'P_multi = K (P - P_s) + P_s',
      substituted: `${formatNumber(K)} * (${formatNumber(perSource)} - ${formatNumber(shared)}) + ${formatNumber(shared)}`,
      value: multi,
    },
  ];

  return { counts: { perSource, shared, betaSim, single, multi }, steps, theory };
}

/** Returns the steps of {@link countParameters} that a bound of one mode uses. */
export function stepsForMode(steps: DerivationStep[], mode: 'single' | 'multi'): DerivationStep[] {
  const excluded = mode === 'single' ? 'P_multi' : 'P_single';
  return steps.filter((step) => step.quantity !== excluded);
}
