/**
 * Order-level bound of the `paper` preset: sqrt(P_class / n), as in the
 * theoretical columns of the result tables of Wang et al., "A Theory for
 * Conditional Generative Modeling on Multiple Data Sources",
 * arXiv:2502.14583. It is an order without constant, logarithm or delta,
 * so it compares shapes, not magnitudes, and is never called vacuous.
 */
import type { DerivationStep } from './derivation';
import { formatNumber } from './format';
import { ORDER_LEVEL } from './rules';

/** Computes sqrt(P_class / n). */
export function orderLevelBound(parameters: number, n: number): number {
  return Math.sqrt(parameters / n);
}

/** Derivation step of {@link orderLevelBound} for one training mode. */
export function orderLevelStep(mode: 'single' | 'multi', parameters: number, n: number): DerivationStep {
  const symbol = mode === 'single' ? 'P_single' : 'P_multi';
  return {
    rule: ORDER_LEVEL,
    quantity: `R_${mode}`,
    formula: `R_${mode} ~ sqrt(${symbol} / n)`,
    substituted: `sqrt(${formatNumber(parameters)} / ${formatNumber(n)})`,
    value: orderLevelBound(parameters, n),
  };
}
