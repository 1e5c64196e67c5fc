/**
 * Theory of the conditional Gaussian class: source k's model is
 * N(mu_k, I_D) with mu_k in [-B, B]^D, and multi-source training shares
 * d_sim of the D coordinates across sources (Wang et al., "A Theory for
 * Conditional Generative Modeling on Multiple Data Sources",
 * arXiv:2502.14583, conditional Gaussian simulation).
 */
import type { ResolvedPoint } from '../../semantics/model';
import { formatNumber } from '../format';
import { gaussianLogBracketingNumber, gaussianLogBracketingValue } from '../lemma-b';
import { PARAMETER_COUNT } from '../rules';
import type { ClassParameterCounts, LogBracketingNumber, ModelClassTheory, TrainingMode, Unavailable } from './types';

/** Parameter counts P = D and P_s = d_sim: the model's parameters are its mean coordinates. */
function parameterCounts(point: ResolvedPoint): ClassParameterCounts | Unavailable {
  const model = point.model;
  if (model.modelClass !== 'gaussian') {
    return { unavailable: `The Gaussian theory does not apply to model class '${model.modelClass}'.` };
  }

  const { dim, shared, meanBound } = model;
  if (!Number.isInteger(dim) || dim < 1) {
    return { unavailable: `dim D = ${dim} is invalid: D must be an integer >= 1.` };
  }
  if (!Number.isInteger(shared) || shared < 0 || shared > dim) {
    return { unavailable: `shared d_sim = ${shared} is invalid: d_sim must be an integer in [0, D] = [0, ${dim}].` };
  }
  if (!(meanBound > 0) || !Number.isFinite(meanBound)) {
    return { unavailable: `mean_bound B = ${meanBound} is invalid: B must be a finite number > 0.` };
  }

  return {
    perSource: dim,
    shared,
    steps: [
      {
        rule: PARAMETER_COUNT,
        quantity: 'P',
        formula: 'P = D',
        substituted: formatNumber(dim),
        value: dim,
        note: 'One source model has a D-dimensional mean.',
      },
      {
        rule: PARAMETER_COUNT,
        quantity: 'P_s',
        formula: 'P_s = d_sim',
        substituted: formatNumber(shared),
        value: shared,
        note: 'Multi-source training shares the last d_sim mean coordinates.',
      },
    ],
  };
}

/**
 * Computes log N(eps) of the conditional Gaussian class by Lemma B with
 * h fixed by d = D, covering P_single = K D or P_multi = K (D - d_sim) + d_sim
 * mean coordinates.
 */
function logBracketingNumber(
  point: ResolvedPoint,
  epsilon: number,
  mode: TrainingMode,
  counts: { perSource: number; shared: number; single: number; multi: number },
): LogBracketingNumber | Unavailable {
  const model = point.model;
  if (model.modelClass !== 'gaussian') {
    return { unavailable: `The Gaussian theory does not apply to model class '${model.modelClass}'.` };
  }

  return gaussianLogBracketingNumber({
    epsilon,
    dimension: model.dim,
    meanBound: model.meanBound,
    coordinates: mode === 'single' ? counts.single : counts.multi,
    coordinatesSymbol: mode === 'single' ? 'P_single' : 'P_multi',
  });
}

/** Computes the value of {@link logBracketingNumber} without its steps, for the planner. */
function logBracketingValue(
  point: ResolvedPoint,
  epsilon: number,
  mode: TrainingMode,
  counts: { perSource: number; shared: number; single: number; multi: number },
): number | Unavailable {
  const model = point.model;
  if (model.modelClass !== 'gaussian') {
    return { unavailable: `The Gaussian theory does not apply to model class '${model.modelClass}'.` };
  }
  return gaussianLogBracketingValue(epsilon, model.dim, model.meanBound, mode === 'single' ? counts.single : counts.multi);
}

export const gaussianTheory: ModelClassTheory = {
  modelClass: 'gaussian',
  parameterCounts,
  logBracketingNumber,
  logBracketingValue,
};
