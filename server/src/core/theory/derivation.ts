/**
 * Derivations: every number the bound engine returns carries the ordered
 * steps that produced it, so the CLI, hovers and docs show one audit trail.
 */

/** The rule a step applies. */
export interface Rule {
  /** Short name, such as "Lemma B" or "Theorem G". */
  name: string;
  /** Statement of the rule, in one sentence. */
  statement: string;
}

export interface DerivationStep {
  rule: Rule;
  /** The symbol the step defines, such as `log N(1/n)`. */
  quantity: string;
  /** The formula in plain text, with symbols (`sqrt(K D / n)`). */
  formula: string;
  /** The formula with the values substituted (`sqrt(5 * 10 / 500)`). */
  substituted: string;
  value: number;
  /** Extra remark, such as a vacuity warning. */
  note?: string;
}

export interface Derivation {
  /** Quantity the derivation computes, such as "multi-source bound". */
  title: string;
  steps: DerivationStep[];
  result: number;
}
