/**
 * Interface between the bound engine and a model class. Each class (Gaussian,
 * autoregressive, energy-based) implements this interface in its own file
 * and is listed in the registry (classes/registry.ts).
 */
import type { ModelClass, ResolvedPoint } from '../../semantics/model';
import type { DerivationStep } from '../derivation';

/** A quantity the class cannot provide for this point, with the reason as one sentence. */
export interface Unavailable {
  unavailable: string;
}

/** P and P_s of one source's model, with the steps that count them. */
export interface ClassParameterCounts {
  /** P: parameters of one source's model. */
  perSource: number;
  /** P_s: of those, the ones shared across sources. */
  shared: number;
  /** Steps that derive P and P_s from the model settings (may be empty when they are settings). */
  steps: DerivationStep[];
}

/** Conditional class that a bracketing number covers: one model per source, or one shared model. */
export type TrainingMode = 'single' | 'multi';

/** Natural logarithm of an upper bracketing number, with its derivation steps. */
export interface LogBracketingNumber {
  /** log N(eps), natural logarithm, >= 0. */
  value: number;
  steps: DerivationStep[];
}

/** A Lipschitz constant of log p_theta in theta (sup norm), for Lemma A. */
export interface LipschitzConstant {
  value: number;
  steps: DerivationStep[];
}

export interface ModelClassTheory {
  modelClass: ModelClass;

  /**
   * Counts P and P_s at this point, or returns why the class cannot
   * (invalid or missing settings).
   */
  parameterCounts(point: ResolvedPoint): ClassParameterCounts | Unavailable;

  /**
   * Computes log N(epsilon) for the single-source (product over K sources)
   * or multi-source conditional class. `counts` are the class's own
   * counts at this point, with P_single = K P and P_multi = K (P - P_s) + P_s.
   * Must stay finite for K up to 1e6 and epsilon down to 1e-12.
   */
  logBracketingNumber(
    point: ResolvedPoint,
    epsilon: number,
    mode: TrainingMode,
    counts: { perSource: number; shared: number; single: number; multi: number },
  ): LogBracketingNumber | Unavailable;

  /**
   * Computes the value of {@link logBracketingNumber} without its steps.
   * Optional: the sample-size planner calls it about 100 times per plan
   * when present, and otherwise takes `.value` of logBracketingNumber.
   */
  logBracketingValue?(
    point: ResolvedPoint,
    epsilon: number,
    mode: TrainingMode,
    counts: { perSource: number; shared: number; single: number; multi: number },
  ): number | Unavailable;

  /** Lipschitz constant L of Lemma A, for classes whose bracketing number uses it. */
  lipschitzConstant?(point: ResolvedPoint): LipschitzConstant | Unavailable;
}

/** Tells an {@link Unavailable} from a result. */
export function isUnavailable<T extends object>(value: T | Unavailable): value is Unavailable {
  return 'unavailable' in value;
}
