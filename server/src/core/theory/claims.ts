/**
 * Claims: `claim TERM OP TERM` decided over every sweep point of an
 * experiment. A claim is proved when it holds at every point, refuted at
 * the first point where it fails, and unknown when a term has no value at
 * some point and no point refutes it.
 *
 * Equality: two values a and b count as equal when
 * |a - b| <= 1e-12 max(|a|, |b|). A strict comparison (`<`, `>`) of equal
 * values fails and a non-strict one (`<=`, `>=`) holds, so `multi < single`
 * is refuted at K = 1 or beta_sim = 0, where both bounds are equal.
 */
import type { Claim, ClaimTerm, Comparison, Preset, ResolvedPoint } from '../semantics/model';
import { boundValues } from './bound-values';
import { isUnavailable, type Unavailable } from './classes/types';
import type { Derivation, DerivationStep } from './derivation';
import { formatNumber } from './format';
import { CLAIM_COMPARISON } from './rules';
import type { BoundReport, ClaimResult, ClaimStatus } from './types';

/** Relative tolerance within which two values count as equal. */
export const CLAIM_TOLERANCE = 1e-12;

/** Factors applied to C, and values of delta, that decide whether a claim depends on them. */
export const C_PROBE_FACTORS = [1e-6, 1e6];
export const DELTA_PROBES = [1e-12, 0.5];

/** One sweep point of a claim: its bounds (or why it has none) and the values of expression terms. */
export interface ClaimPoint {
  report?: BoundReport;
  /** Reason the point has no bound, when `report` is absent. */
  unavailable?: string;
  /** Value of the left term when it is an expression, evaluated at this point. */
  left?: number;
  /** Value of the right term when it is an expression, evaluated at this point. */
  right?: number;
}

/** Tells whether a and b are equal within {@link CLAIM_TOLERANCE}. */
export function approximatelyEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= CLAIM_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Decides `a OP b` with equality within {@link CLAIM_TOLERANCE}. */
export function compareValues(a: number, comparison: Comparison, b: number): boolean {
  const equal = approximatelyEqual(a, b);
  switch (comparison) {
    case '<':
      return a < b && !equal;
    case '<=':
      return a < b || equal;
    case '>':
      return a > b && !equal;
    case '>=':
      return a > b || equal;
  }
}

/** Bound values of one point: the two numbers every quantity term is made of. */
type BoundValues = { single: number; multi: number } | Unavailable;

/** Outcome of the comparison at one point. */
interface PointOutcome {
  index: number;
  status: ClaimStatus;
  left?: number;
  right?: number;
  reason?: string;
}

interface ClaimOutcome {
  status: ClaimStatus;
  /** The deciding point: first counterexample, first unknown point, or the closest call. */
  deciding?: PointOutcome;
  count: number;
}

/**
 * Decides a claim over all sweep points (see the file comment for the
 * rules), with the deciding derivation and, where the outcome would differ
 * under the other preset or other values of delta or C, `dependsOn`.
 */
export function checkClaim(claim: Claim, points: ClaimPoint[]): ClaimResult {
  const values = points.map((point): BoundValues => {
    if (point.report === undefined) {
      return { unavailable: point.unavailable ?? 'The point has no bound.' };
    }
    return { single: point.report.single.value, multi: point.report.multi.value };
  });
  const outcome = decideClaim(claim, values, points);
  const result = describe(claim, points, outcome);

  if (result.status === 'unknown') {
    return result;
  }

  const dependsOn = findDependencies(claim, points, result.status);
  if (dependsOn.factors.length > 0) {
    result.dependsOn = dependsOn.factors;
    result.summary += ` ${dependsOn.sentences.join(' ')}`;
  }
  return result;
}

function decideClaim(claim: Claim, values: BoundValues[], points: ClaimPoint[]): ClaimOutcome {
  const outcomes = values.map((value, index) => decideAtPoint(claim, value, points[index], index));

  const refuted = outcomes.find((outcome) => outcome.status === 'refuted');
  if (refuted !== undefined) {
    return { status: 'refuted', deciding: refuted, count: outcomes.length };
  }
  const unknown = outcomes.find((outcome) => outcome.status === 'unknown');
  if (unknown !== undefined || outcomes.length === 0) {
    return { status: 'unknown', deciding: unknown, count: outcomes.length };
  }

  let closest = outcomes[0];
  for (const outcome of outcomes) {
    if (relativeMargin(outcome) < relativeMargin(closest)) {
      closest = outcome;
    }
  }
  return { status: 'proved', deciding: closest, count: outcomes.length };
}

function decideAtPoint(claim: Claim, values: BoundValues, point: ClaimPoint, index: number): PointOutcome {
  const left = termValue(claim.left, values, point.left);
  const right = termValue(claim.right, values, point.right);
  if (typeof left !== 'number') {
    return { index, status: 'unknown', reason: left.unavailable };
  }
  if (typeof right !== 'number') {
    return { index, status: 'unknown', reason: right.unavailable };
  }

  const holds = compareValues(left, claim.comparison, right);
  return { index, status: holds ? 'proved' : 'refuted', left, right };
}

/** Returns a term's value at one point, or why it has none. */
function termValue(term: ClaimTerm, values: BoundValues, expressionValue: number | undefined): number | Unavailable {
  if (term.kind === 'expression') {
    if (expressionValue === undefined || !Number.isFinite(expressionValue)) {
      return { unavailable: `The expression '${term.expression.text}' has no finite value at this point.` };
    }
    return expressionValue;
  }
  if (isUnavailable(values)) {
    return values;
  }

  let value: number;
  switch (term.quantity) {
    case 'single':
      value = values.single;
      break;
    case 'multi':
      value = values.multi;
      break;
    case 'ratio':
      value = values.multi / values.single;
      break;
    case 'advantage':
      value = values.single - values.multi;
      break;
  }
  if (!Number.isFinite(value)) {
    return { unavailable: `The term '${term.quantity}' is not a finite number at this point (${value}).` };
  }
  return value;
}

/** Builds the steps behind a term's value from the point's report. */
function termSteps(term: ClaimTerm, point: ClaimPoint, value: number): DerivationStep[] {
  if (term.kind === 'expression') {
    return [
      {
        rule: { name: 'Expression', statement: 'A claim term written as an expression is evaluated at the sweep point.' },
        quantity: term.expression.text,
        formula: term.expression.text,
        substituted: term.expression.text,
        value,
      },
    ];
  }

  const report = point.report!;
  switch (term.quantity) {
    case 'single':
      return report.single.derivation.steps;
    case 'multi':
      return report.multi.derivation.steps;
    case 'ratio':
      return [...report.single.derivation.steps, ...report.multi.derivation.steps, ...report.ratio.derivation.steps];
    case 'advantage':
      return [
        ...report.single.derivation.steps,
        ...report.multi.derivation.steps,
        {
          rule: { name: 'Advantage', statement: 'The advantage of multi-source training is the single-source bound minus the multi-source bound.' },
          quantity: 'advantage',
          formula: 'advantage = R_single - R_multi',
          substituted: `${formatNumber(report.single.value)} - ${formatNumber(report.multi.value)}`,
          value,
        },
      ];
  }
}

/** Builds the steps of the deciding comparison: both terms, then the comparison itself. */
function comparisonSteps(claim: Claim, point: ClaimPoint, outcome: PointOutcome): DerivationStep[] {
  if (outcome.left === undefined || outcome.right === undefined) {
    return [];
  }
  const holds = outcome.status === 'proved';
  const equal = approximatelyEqual(outcome.left, outcome.right);
  const comparison: DerivationStep = {
    rule: CLAIM_COMPARISON,
    quantity: 'claim',
    formula: `${termLabel(claim.left)} ${claim.comparison} ${termLabel(claim.right)}`,
    substituted: `${formatNumber(outcome.left, 12)} ${claim.comparison} ${formatNumber(outcome.right, 12)}`,
    value: holds ? 1 : 0,
    note: `${holds ? 'Holds' : 'Fails'}${equal ? ' (the two sides are equal within the tolerance 1e-12)' : ''}.`,
  };
  return uniqueSteps([...termSteps(claim.left, point, outcome.left), ...termSteps(claim.right, point, outcome.right), comparison]);
}

function describe(claim: Claim, points: ClaimPoint[], outcome: ClaimOutcome): ClaimResult {
  const deciding = outcome.deciding;
  const report = deciding !== undefined ? points[deciding.index].report : undefined;
  const preset = report?.preset ?? points.find((point) => point.report !== undefined)?.report?.preset;
  const where = report !== undefined ? pointLabel(report.point) : 'this point';
  const under = preset !== undefined ? ` under the ${preset} preset` : '';

  // The result is 1 when the deciding comparison holds, 0 when it fails, NaN when undecided.
  let decided = Number.NaN;
  if (deciding?.status === 'proved') {
    decided = 1;
  } else if (deciding?.status === 'refuted') {
    decided = 0;
  }
  const derivation: Derivation = {
    title: `Claim ${claimText(claim)} at ${where}`,
    steps: deciding !== undefined ? comparisonSteps(claim, points[deciding.index], deciding) : [],
    result: decided,
  };

  if (outcome.status === 'unknown') {
    const reason = deciding?.reason ?? 'The experiment has no sweep point with values.';
    return {
      status: 'unknown',
      summary: `\`${claimText(claim)}\` cannot be decided${deciding !== undefined ? ` at ${where}` : ''}: ${reason}`,
      derivation,
    };
  }

  const left = termWithValue(claim.left, deciding!.left!);
  const right = termWithValue(claim.right, deciding!.right!);
  if (outcome.status === 'refuted') {
    const equal = approximatelyEqual(deciding!.left!, deciding!.right!) ? ' (equal within the tolerance)' : '';
    return {
      status: 'refuted',
      summary: `\`${claimText(claim)}\` fails at ${where}${under}: ${left} is not ${claim.comparison} ${right}${equal}.`,
      derivation,
      counterexample: { ...(report?.point.sweepValues ?? {}) },
    };
  }

  const all = outcome.count === 1 ? "at the experiment's only point" : `at all ${outcome.count} sweep points`;
  return {
    status: 'proved',
    summary: `\`${claimText(claim)}\` holds ${all}${under}; closest at ${where}: ${left} ${claim.comparison} ${right}.`,
    derivation,
  };
}

/**
 * Finds what the outcome depends on: it recomputes the claim under the
 * other preset, and for the explicit preset with C scaled by 1e-6 and 1e6
 * and with delta = 1e-12 and 0.5. Expression terms keep their values.
 * NOTE: an expression that itself refers to C or delta is not re-evaluated.
 */
function findDependencies(claim: Claim, points: ClaimPoint[], status: ClaimStatus): { factors: ('preset' | 'delta' | 'C')[]; sentences: string[] } {
  const factors: ('preset' | 'delta' | 'C')[] = [];
  const sentences: string[] = [];

  const presets = new Set(points.map((point) => point.report?.preset));
  const preset = points[0]?.report?.preset;
  if (preset === undefined || presets.size !== 1) {
    return { factors, sentences };
  }

  const other: Preset = preset === 'paper' ? 'mle_bracketing' : 'paper';
  const otherStatus = decideVariant(claim, points, (point) => boundValues(point, other));
  if (otherStatus !== undefined && otherStatus !== status) {
    factors.push('preset');
    sentences.push(`Under the ${other} preset it is ${otherStatus}.`);
  }

  if (preset === 'mle_bracketing') {
    for (const factor of C_PROBE_FACTORS) {
      const probe = decideVariant(claim, points, (point) => boundValues({ ...point, C: point.C * factor }, preset));
      if (probe !== undefined && probe !== status) {
        factors.push('C');
        sentences.push(`With C scaled by ${formatNumber(factor)} it is ${probe}.`);
        break;
      }
    }
    for (const delta of DELTA_PROBES) {
      const probe = decideVariant(claim, points, (point) => boundValues({ ...point, delta }, preset));
      if (probe !== undefined && probe !== status) {
        factors.push('delta');
        sentences.push(`With delta = ${formatNumber(delta)} it is ${probe}.`);
        break;
      }
    }
  }
  return { factors, sentences };
}

/** Decides the claim with every point's values recomputed by `recompute`; undefined when the variant is unknown. */
function decideVariant(claim: Claim, points: ClaimPoint[], recompute: (point: ResolvedPoint) => BoundValues): ClaimStatus | undefined {
  const values = points.map((point): BoundValues => {
    if (point.report === undefined) {
      return { unavailable: point.unavailable ?? 'The point has no bound.' };
    }
    return recompute(point.report.point);
  });
  const status = decideClaim(claim, values, points).status;
  return status === 'unknown' ? undefined : status;
}

function relativeMargin(outcome: PointOutcome): number {
  const a = outcome.left ?? 0;
  const b = outcome.right ?? 0;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

function termLabel(term: ClaimTerm): string {
  return term.kind === 'quantity' ? term.quantity : term.expression.text;
}

/** Describes a term's value (`single = 0.316228`), or only the number when the term is that number. */
function termWithValue(term: ClaimTerm, value: number): string {
  if (term.kind === 'expression' && Number(term.expression.text) === value) {
    return term.expression.text;
  }
  return `${termLabel(term)} = ${formatNumber(value)}`;
}

/** Returns the claim's text without the `claim` keyword, which the front end may include. */
function claimText(claim: Claim): string {
  return claim.text.replace(/^\s*claim\s+/, '');
}

/** Labels a point by its sweep values (`K = 1, n = 500`), or by K and n when it has none. */
export function pointLabel(point: ResolvedPoint): string {
  const entries = Object.entries(point.sweepValues);
  if (entries.length === 0) {
    return `K = ${formatNumber(point.K)}, n = ${formatNumber(point.n)}`;
  }
  return entries.map(([symbol, value]) => `${symbol} = ${formatNumber(value)}`).join(', ');
}

function uniqueSteps(steps: DerivationStep[]): DerivationStep[] {
  const seen = new Set<string>();
  return steps.filter((step) => {
    const key = `${step.quantity}\u0000${step.formula}\u0000${step.substituted}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
