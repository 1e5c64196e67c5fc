/**
 * The rules that derivation steps cite. Each statement is one sentence;
 * docs/theory.md gives the sources and the proofs of Lemma A and Lemma B.
 */
import type { Rule } from './derivation';

/** Parameter counts of the single-source and multi-source classes (Wang et al., arXiv:2502.14583). */
export const PARAMETER_COUNT: Rule = {
  name: 'Parameter count',
  statement:
    'Single-source training fits K separate models of P parameters; multi-source training shares P_s of them, so P_single = K P and P_multi = K (P - P_s) + P_s.',
};

/** Similarity of the sources (Wang et al., arXiv:2502.14583). */
export const SIMILARITY: Rule = {
  name: 'Similarity',
  statement: 'beta_sim = P_s / P is the share of parameters that all sources have in common.',
};

/** Order-level bound of the `paper` preset (Wang et al., arXiv:2502.14583). */
export const ORDER_LEVEL: Rule = {
  name: 'Order-level bound',
  statement:
    'The paper states the average TV error of the conditional MLE at the order sqrt(P_class / n); the preset uses that order without constant, logarithm or delta.',
};

/** Bracketing radius at which Theorem G evaluates the bracketing number. */
export const BRACKETING_RADIUS: Rule = {
  name: 'Bracketing radius',
  statement: 'Theorem G evaluates the upper bracketing number at eps = 1/n.',
};

/** Lemma A, proved in docs/theory.md. */
export const LEMMA_A: Rule = {
  name: 'Lemma A',
  statement:
    'If theta ranges over [-B, B]^P and log p_theta is L-Lipschitz in theta in the sup norm, uniformly in x and y, then N(eps) <= ceil(B L / log(1 + eps))^P.',
};

/** Lemma B, proved in docs/theory.md. */
export const LEMMA_B: Rule = {
  name: 'Lemma B',
  statement:
    'The Gaussian location family {N(mu, I_d): mu in [-B, B]^d} has N(eps) <= ceil(B / h)^d with h = (sqrt(2 pi) / 2) ((1 + eps)^(1/d) - 1); a conditional class covers each of its parameters with the same h.',
};

/** Theorem G: the classical bracketing bound for maximum likelihood in total variation. */
export const THEOREM_G: Rule = {
  name: 'Theorem G',
  statement:
    'With probability at least 1 - delta, every p_hat whose log-likelihood is at least that of p* has R(p_hat) <= C sqrt((log N(1/n) + log(1/delta)) / n) (classical bracketing bound for maximum likelihood).',
};

/** Vacuity: total variation never exceeds 1. */
export const VACUITY: Rule = {
  name: 'Vacuity',
  statement: 'Total variation is at most 1, so an explicit bound above 1 says nothing.',
};

/** The ratio identity (Wang et al., arXiv:2502.14583). */
export const RATIO_IDENTITY: Rule = {
  name: 'Ratio identity',
  statement:
    'P_multi / P_single = 1 - (K - 1) beta_sim / K, so a bound whose square is proportional to the parameter count has multi / single = sqrt(1 - (K - 1) beta_sim / K).',
};

/** Sample-size planning by bisection over integers. */
export const PLANNER: Rule = {
  name: 'Sample-size plan',
  statement:
    'The smallest integer n with bound(n) <= target, found by doubling n until the bound meets the target and then bisecting between the last two values.',
};

/** Closed form of the plan for the order-level preset. */
export const PLANNER_CLOSED_FORM: Rule = {
  name: 'Sample-size plan (closed form)',
  statement: 'For the order-level bound sqrt(P_class / n), bound <= target exactly when n >= P_class / target^2.',
};

/** Claim evaluation at one sweep point. */
export const CLAIM_COMPARISON: Rule = {
  name: 'Claim',
  statement:
    'A claim is compared at every sweep point; values within a relative tolerance of 1e-12 count as equal, so a strict comparison of equal values fails.',
};
