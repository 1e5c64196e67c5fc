/**
 * Results of an empirical check: per-seed values, summaries and verdicts.
 * Plain data, so they cross process boundaries and go into the results
 * store unchanged.
 */

/** Per-seed result of one training run, single and multi. */
export interface SeedResult {
  seed: number;
  /** Monte Carlo estimate of the average TV R(p_hat), where the check samples test pairs. */
  monteCarlo?: { single: number; multi: number };
  /** Exact R(p_hat), from a closed form or by enumerating the domain. At least one of the two is set. */
  exact?: { single: number; multi: number };
  /** Sources that received no training sample at this seed. */
  emptySources: number[];
  /** Parameters where the MLE was clipped to the class's bound B. */
  clippedCoordinates: number;
  /** Training log-likelihood of p_hat minus that of the true model (premise of Theorem G). */
  logLikelihoodGap: { single: number; multi: number };
}

/** Mean and standard error over seeds. */
export interface Summary {
  mean: number;
  se: number;
  count: number;
}

export type VerdictName = 'premise' | 'bound_holds' | 'ordering' | 'ratio' | 'rate' | 'shape';

export type VerdictStatus = 'pass' | 'fail' | 'inconclusive';

export interface Verdict {
  name: VerdictName;
  status: VerdictStatus;
  /** One sentence with the numbers behind it. */
  message: string;
  /** The numbers behind the verdict, by name. */
  values: Record<string, number>;
}

/** Check result of one experiment at one sweep point. */
export interface PointCheck {
  sweepValues: Record<string, number>;
  seeds: SeedResult[];
  /** Summary of the primary estimate (Monte Carlo where sampled, else exact). */
  empirical: { single: Summary; multi: Summary };
  /** Summary of the exact values, where the model class has them. */
  exact?: { single: Summary; multi: Summary };
  verdicts: Verdict[];
}

/** Check result of one experiment over its sweep. */
export interface ExperimentCheck {
  experiment: string;
  points: PointCheck[];
  /** Sweep-level verdicts (rate and shape). */
  verdicts: Verdict[];
  /** True when the run stopped early and holds only the finished seeds. */
  partial: boolean;
}
