/**
 * The bound engine's entry points: the single-source and multi-source
 * bounds of one point under a preset, with parameter counts, the ratio
 * and, for the explicit preset, the n at which each bound stops being
 * vacuous.
 */
import type { Preset, ResolvedPoint } from '../semantics/model';
import { isUnavailable, type Unavailable } from './classes/types';
import { countParameters, stepsForMode } from './counts';
import type { DerivationStep } from './derivation';
import { explicitBoundValue } from './explicit-bound';
import { formatCount, formatNumber } from './format';
import { orderLevelStep } from './order-bound';
import { nonVacuousSampleSizes } from './planner';
import { invalidExplicitPoint, invalidOrderPoint } from './point-validation';
import { ratioReport } from './ratio';
import type { Bound, BoundReport } from './types';

/** Thrown by {@link explicitBound} and {@link orderBound} when the point has no bound of that preset. */
export class BoundUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BoundUnavailableError';
  }
}

/** Computes the bounds of a point under its own preset, or returns why there are none. */
export function computeBounds(point: ResolvedPoint): BoundReport | Unavailable {
  return boundsForPreset(point, point.preset);
}

/**
 * Computes the bounds of a point under the given preset, whatever the
 * point's own preset is, or returns why there are none.
 */
export function boundsForPreset(point: ResolvedPoint, preset: Preset): BoundReport | Unavailable {
  return preset === 'paper' ? tryOrderBound(point) : tryExplicitBound(point);
}

/**
 * Computes the explicit (`mle_bracketing`) bounds of a point.
 * Throws {@link BoundUnavailableError} when the point has none; use
 * {@link computeBounds} or {@link tryExplicitBound} for a result instead.
 */
export function explicitBound(point: ResolvedPoint): BoundReport {
  return orThrow(tryExplicitBound(point));
}

/**
 * Computes the order-level (`paper`) bounds of a point.
 * Throws {@link BoundUnavailableError} when the point has none.
 */
export function orderBound(point: ResolvedPoint): BoundReport {
  return orThrow(tryOrderBound(point));
}

/** Computes the order-level bounds sqrt(P_class / n), or returns why there are none. */
export function tryOrderBound(point: ResolvedPoint): BoundReport | Unavailable {
  const invalid = invalidOrderPoint(point);
  if (invalid !== undefined) {
    return invalid;
  }
  const counted = countParameters(point);
  if (isUnavailable(counted)) {
    return counted;
  }

  const { counts, steps } = counted;
  const bound = (mode: 'single' | 'multi'): Bound => {
    const last = orderLevelStep(mode, mode === 'single' ? counts.single : counts.multi, point.n);
    return {
      value: last.value,
      vacuous: false,
      derivation: {
        title: `${title(mode)} bound (paper preset, order level)`,
        steps: [...stepsForMode(steps, mode), last],
        result: last.value,
      },
    };
  };

  const single = bound('single');
  const multi = bound('multi');
  return {
    point,
    preset: 'paper',
    counts,
    single,
    multi,
    ratio: ratioReport(point.K, counts, single.value, multi.value, 'paper'),
  };
}

/**
 * Computes the explicit Theorem G bounds, or returns why there are none.
 * With `planVacuity: false` it skips the search for `nonVacuousAt` (used
 * where only the values matter, such as claim probes).
 */
export function tryExplicitBound(point: ResolvedPoint, options: { planVacuity?: boolean } = {}): BoundReport | Unavailable {
  const planVacuity = options.planVacuity ?? true;
  const invalid = invalidExplicitPoint(point);
  if (invalid !== undefined) {
    return invalid;
  }
  const counted = countParameters(point);
  if (isUnavailable(counted)) {
    return counted;
  }

  const { counts, steps, theory } = counted;
  const singleValue = explicitBoundValue(theory, point, counts, 'single');
  if (isUnavailable(singleValue)) {
    return singleValue;
  }
  const multiValue = explicitBoundValue(theory, point, counts, 'multi');
  if (isUnavailable(multiValue)) {
    return multiValue;
  }

  const vacuousSingle = singleValue.value > 1;
  const vacuousMulti = multiValue.value > 1;
  const nonVacuous = planVacuity && (vacuousSingle || vacuousMulti) ? nonVacuousSampleSizes(point) : undefined;

  const bound = (mode: 'single' | 'multi', value: { value: number; steps: DerivationStep[] }, vacuous: boolean): Bound => {
    const derived = [...stepsForMode(steps, mode), ...value.steps];
    if (vacuous) {
      const last = derived[derived.length - 1];
      const vacuity = vacuityNote(nonVacuous?.[mode]);
      derived[derived.length - 1] = { ...last, note: last.note === undefined ? vacuity : `${vacuity} ${last.note}` };
    }
    return {
      value: value.value,
      vacuous,
      derivation: {
        title: `${title(mode)} bound (mle_bracketing preset, C = ${formatNumber(point.C)}, delta = ${formatNumber(point.delta)})`,
        steps: derived,
        result: value.value,
      },
    };
  };

  const report: BoundReport = {
    point,
    preset: 'mle_bracketing',
    counts,
    single: bound('single', singleValue, vacuousSingle),
    multi: bound('multi', multiValue, vacuousMulti),
    ratio: ratioReport(point.K, counts, singleValue.value, multiValue.value, 'mle_bracketing'),
  };

  const atOne = nonVacuous ?? (planVacuity ? nonVacuousSampleSizes(point) : undefined);
  if (atOne !== undefined && atOne.single !== null && atOne.multi !== null) {
    report.nonVacuousAt = { single: atOne.single, multi: atOne.multi };
  }
  return report;
}

function vacuityNote(n: number | null | undefined): string {
  const where = n === null || n === undefined ? 'no n up to 1e15 brings it to 1' : `it falls to 1 at n = ${formatCount(n)}`;
  return `Vacuous: the bound exceeds 1, the largest possible TV, so it says nothing here; ${where}.`;
}

function title(mode: 'single' | 'multi'): string {
  return mode === 'single' ? 'Single-source' : 'Multi-source';
}

function orThrow(result: BoundReport | Unavailable): BoundReport {
  if (isUnavailable(result)) {
    throw new BoundUnavailableError(result.unavailable);
  }
  return result;
}
