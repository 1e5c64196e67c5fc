/**
 * Lemma A: upper bracketing number of a class whose log-density is
 * Lipschitz in its parameters. Proof in docs/theory.md ("Lemma A").
 */
import type { DerivationStep } from './derivation';
import { formatNumber } from './format';
import { LEMMA_A } from './rules';

export interface LipschitzBracketingInput {
  /** B: every parameter lies in [-B, B]. */
  parameterBound: number;
  /** L: |log p_theta - log p_theta'| <= L ||theta - theta'||_inf for all x, y. */
  lipschitz: number;
  /** eps > 0: bracket size, integral of (u - p) per condition y. */
  epsilon: number;
  /** P: number of parameters of the class (P_single or P_multi for a conditional class). */
  parameters: number;
  /** Name of the parameter count in formulas, such as `P_multi`. */
  parametersSymbol?: string;
}

/**
 * Computes log N(eps) <= P log max(1, ceil(B L / log(1 + eps))) (Lemma A,
 * proved in docs/theory.md). The cube half-width is h = log(1 + eps) / L,
 * computed with log1p so that eps down to 1e-15 keeps full precision.
 * When B L = 0 the class holds a single density and N = 1.
 */
export function lipschitzLogBracketingNumber(input: LipschitzBracketingInput): { value: number; steps: DerivationStep[] } {
  const { parameterBound, lipschitz, epsilon, parameters } = input;
  const symbol = input.parametersSymbol ?? 'P';

  const width = Math.log1p(epsilon) / lipschitz;
  const ratio = (parameterBound * lipschitz) / Math.log1p(epsilon);
  const logCells = logCeilAtLeastOne(ratio);
  const value = parameters * logCells;

  const steps: DerivationStep[] = [
    {
      rule: LEMMA_A,
      quantity: 'h',
      formula: 'h = log(1 + eps) / L',
      substituted: `log(1 + ${formatNumber(epsilon)}) / ${formatNumber(lipschitz)}`,
      value: width,
      note: 'Cube half-width in parameter space (sup norm).',
    },
    {
      rule: LEMMA_A,
      quantity: 'log N(eps)',
      formula: `log N(eps) <= ${symbol} log ceil(B L / log(1 + eps))`,
      substituted: `${formatNumber(parameters)} * log ceil(${formatNumber(parameterBound)} * ${formatNumber(lipschitz)} / log(1 + ${formatNumber(epsilon)}))`,
      value,
    },
  ];
  return { value, steps };
}

/**
 * Returns log(max(1, ceil(x))) for x >= 0. Above 2^53 every double is an
 * integer, so ceil is the identity there and log(x) is exact; an
 * infinite x (from an underflowed denominator) returns Infinity.
 */
export function logCeilAtLeastOne(x: number): number {
  if (!(x > 1)) {
    return 0;
  }
  return Math.log(Math.ceil(x));
}
