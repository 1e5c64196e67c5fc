import type { Preset, ResolvedPoint } from '../semantics/model';
import type { Derivation } from './derivation';

/** Parameter counts of the single-source and multi-source classes. */
export interface ParameterCounts {
  /** P: parameters of one source's model. */
  perSource: number;
  /** P_s: of those, the ones shared across sources. */
  shared: number;
  /** beta_sim = P_s / P. */
  betaSim: number;
  /** K P. */
  single: number;
  /** K (P - P_s) + P_s. */
  multi: number;
}

/** One bound (single-source or multi-source) with its derivation. */
export interface Bound {
  value: number;
  /** True when an explicit bound exceeds 1 and so says nothing about TV. */
  vacuous: boolean;
  derivation: Derivation;
}

/** Everything the bound engine computes for one configuration. */
export interface BoundReport {
  point: ResolvedPoint;
  preset: Preset;
  counts: ParameterCounts;
  single: Bound;
  multi: Bound;
  /** multi / single, with the identity sqrt(1 - (K - 1) beta_sim / K). */
  ratio: { value: number; identity: number; derivation: Derivation };
  /** Smallest n at which each explicit bound is at most 1 (mle_bracketing only). */
  nonVacuousAt?: { single: number; multi: number };
}

/** Result of a sample-size plan for one target. */
export interface SamplePlan {
  target: number;
  preset: Preset;
  /** Smallest total n with bound <= target, or null if none below the search limit. */
  single: number | null;
  multi: number | null;
  derivation: Derivation;
  /** Reason the point has no plan (invalid settings, or no bound for its model class). */
  unavailable?: string;
}

export type ClaimStatus = 'proved' | 'refuted' | 'unknown';

/** Outcome of one claim, for one experiment, over all of its sweep points. */
export interface ClaimResult {
  status: ClaimStatus;
  /** One sentence that states why, with the numbers. */
  summary: string;
  /** The deciding derivation (the first counterexample when refuted). */
  derivation: Derivation;
  /** Set when the outcome depends on the preset, delta or C. */
  dependsOn?: ('preset' | 'delta' | 'C')[];
  /** Sweep point of the counterexample, when refuted. */
  counterexample?: Record<string, number>;
}
