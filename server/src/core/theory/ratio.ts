/**
 * Ratio identity of Wang et al., "A Theory for Conditional Generative
 * Modeling on Multiple Data Sources", arXiv:2502.14583:
 * P_multi / P_single = 1 - (K - 1) beta_sim / K, so any bound whose square
 * is proportional to the parameter count has
 * multi / single = sqrt(1 - (K - 1) beta_sim / K).
 */
import type { Preset } from '../semantics/model';
import type { Derivation } from './derivation';
import { formatNumber } from './format';
import { RATIO_IDENTITY } from './rules';
import type { ParameterCounts } from './types';

/** Computes sqrt(1 - (K - 1) beta_sim / K). */
export function ratioIdentity(K: number, betaSim: number): number {
  return Math.sqrt(1 - ((K - 1) * betaSim) / K);
}

/**
 * Builds the ratio multi / single beside the identity's value. For the
 * order-level preset they agree up to rounding. For the explicit preset
 * ratio^2 = (P_multi l + log(1/delta)) / (P_single l + log(1/delta)) with
 * l = log ceil(B / h), and the log(1/delta) term, equal in both, pulls the
 * ratio towards 1 (the identity is its limit as n grows).
 */
export function ratioReport(
  K: number,
  counts: ParameterCounts,
  single: number,
  multi: number,
  preset: Preset,
): { value: number; identity: number; derivation: Derivation } {
  const value = multi / single;
  const identity = ratioIdentity(K, counts.betaSim);

  const between = value >= identity * (1 - 1e-12) && value <= 1 + 1e-12;
  let note: string;
  if (preset === 'paper') {
    note = 'The order-level bound is sqrt(P_class / n), so the ratio equals the identity.';
  } else if (between) {
    note = `The explicit ratio is sqrt((log N_multi + log(1/delta)) / (log N_single + log(1/delta))); log(1/delta) adds the same amount to both, so the ratio (${formatNumber(value)}) lies between the identity (${formatNumber(identity)}) and 1, and approaches the identity as log N grows with n.`;
  } else {
    note = `The explicit ratio (${formatNumber(value)}) differs from the identity (${formatNumber(identity)}) because the class's log N is not proportional to its parameter count.`;
  }

  const derivation: Derivation = {
    title: `Ratio multi / single (${preset} preset)`,
    steps: [
      {
        rule: { name: 'Ratio', statement: 'The ratio is the multi-source bound divided by the single-source bound.' },
        quantity: 'ratio',
        formula: 'ratio = R_multi / R_single',
        substituted: `${formatNumber(multi)} / ${formatNumber(single)}`,
        value,
      },
      {
        rule: RATIO_IDENTITY,
        quantity: 'identity',
        formula: 'sqrt(1 - (K - 1) beta_sim / K)',
        substituted: `sqrt(1 - (${formatNumber(K)} - 1) * ${formatNumber(counts.betaSim)} / ${formatNumber(K)})`,
        value: identity,
        note,
      },
    ],
    result: value,
  };
  return { value, identity, derivation };
}
