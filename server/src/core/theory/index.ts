/**
 * Public API of the bound engine: bounds per point and preset, sample-size
 * plans, claims, theory diagnostics and derivation rendering.
 */
export { BoundUnavailableError, boundsForPreset, computeBounds, explicitBound, orderBound, tryExplicitBound, tryOrderBound } from './bounds';
export { approximatelyEqual, checkClaim, CLAIM_TOLERANCE, compareValues, pointLabel, type ClaimPoint } from './claims';
export { modelClassTheory, registerModelClassTheory } from './classes/registry';
export { isUnavailable, type ModelClassTheory, type Unavailable } from './classes/types';
export { countParameters, multiSourceParameters, similarity, singleSourceParameters } from './counts';
export type { Derivation, DerivationStep, Rule } from './derivation';
export { theoryDiagnostics } from './diagnostics';
export { formatCount, formatNumber } from './format';
export { lipschitzLogBracketingNumber } from './lemma-a';
export { gaussianBracketHalfWidth, gaussianLogBracketingNumber } from './lemma-b';
export { orderLevelBound } from './order-bound';
export { nonVacuousSampleSizes, orderLevelSampleSize, planSampleSize } from './planner';
export { ratioIdentity } from './ratio';
export { renderDerivation, type DerivationFormat } from './render';
export { SAMPLE_SEARCH_LIMIT, smallestSampleSize } from './sample-search';
export { provedConstant, theoremGBound } from './theorem-g';
export type * from './types';
