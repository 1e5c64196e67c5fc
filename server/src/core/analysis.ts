/**
 * The analysis API: text in, plain data out. This is the only entry point
 * that the language server and the CLI use for the static side (syntax,
 * semantics, bounds, claims). It does no I/O (test/architecture checks
 * its imports) and never throws on any input (test/core/fuzz.test.ts).
 * Its time grows with the size of the text and the number of sweep
 * points, which is capped at 10,000.
 */
import type { Diagnostic } from './diagnostics';
import { compileExpression } from './expr';
import { buildExperiments } from './semantics/build';
import { Codes, Limits } from './semantics/codes';
import type { Claim, ClaimTerm, Experiment, Preset, ResolvedPoint } from './semantics/model';
import { resolvePoints } from './semantics/resolve';
import type { ExperimentScope } from './semantics/scope';
import type { SpecTree } from './syntax/ast';
import { parse } from './syntax/parser';
import { LineIndex, type Span } from './text';
import { checkClaim, computeBounds, isUnavailable, theoryDiagnostics, type ClaimPoint } from './theory';
import { deepModelDiagnostics } from './theory/classes/deep-diagnostics';
import type { BoundReport, ClaimResult } from './theory/types';

/** Defaults that editor settings and CLI flags may change. */
export interface AnalysisOptions {
  /** Preset for experiments that declare none (default `paper`). */
  defaultPreset?: Preset;
  /** Constant C of Theorem G when a spec gives none (default 3). */
  defaultC?: number;
  /** Confidence delta when a spec gives none (default 0.05). */
  defaultDelta?: number;
}

export interface PointAnalysis {
  point: ResolvedPoint;
  /** Absent when the model class has no bound yet or the point is invalid. */
  bounds?: BoundReport;
}

export interface ExperimentAnalysis {
  experiment: Experiment;
  /** One entry per sweep point (one when the experiment has no sweep). */
  points: PointAnalysis[];
  claims: { claim: Claim; result: ClaimResult }[];
  /** Slots, symbols and sweeps of the experiment, for editor features (absent in hand-built analyses). */
  scope?: ExperimentScope;
}

export interface Analysis {
  text: string;
  lines: LineIndex;
  experiments: ExperimentAnalysis[];
  /** Syntax, validation and theory diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  /** Syntax tree of the text (every node has a span), for editor features. */
  tree?: SpecTree;
}

const EMPTY_TREE_SPAN = { start: 0, end: 0 };

/**
 * Analyses a spec: syntax, experiments with inheritance, sweep points,
 * bounds, claims and their diagnostics. Never throws: an internal failure
 * in one step becomes an MSB900 diagnostic and the other steps still run.
 */
export function analyze(text: string, options: AnalysisOptions = {}): Analysis {
  const source = typeof text === 'string' ? text : '';
  const lines = new LineIndex(source);
  const diagnostics: Diagnostic[] = [];
  let tree: SpecTree = { kind: 'spec', experiments: [], span: { start: 0, end: source.length } };
  const experiments: ExperimentAnalysis[] = [];

  try {
    const parsed = parse(source);
    tree = parsed.tree;
    append(diagnostics, parsed.diagnostics);
  } catch (error) {
    diagnostics.push(internalError('parsing the spec', error, EMPTY_TREE_SPAN));
  }

  let built: Experiment[] = [];
  try {
    const result = buildExperiments(tree, source);
    built = result.experiments;
    append(diagnostics, result.diagnostics);
  } catch (error) {
    diagnostics.push(internalError('building the experiments', error, EMPTY_TREE_SPAN));
  }

  for (const experiment of built) {
    try {
      experiments.push(analyzeExperiment(experiment, options, diagnostics));
    } catch (error) {
      diagnostics.push(internalError(`analysing experiment \`${experiment.name}\``, error, experiment.nameSpan));
    }
  }

  return { text: source, lines, experiments, diagnostics: finishDiagnostics(diagnostics, source.length), tree };
}

function analyzeExperiment(experiment: Experiment, options: AnalysisOptions, diagnostics: Diagnostic[]): ExperimentAnalysis {
  const resolved = resolvePoints(experiment, options);
  append(diagnostics, resolved.diagnostics);
  append(diagnostics, deepModelDiagnostics(experiment, resolved.points));

  const points: PointAnalysis[] = [];
  const claimPoints: ClaimPoint[] = [];
  let unavailable: string | undefined;
  for (const point of resolved.points) {
    const bounds = computeBounds(point);
    if (isUnavailable(bounds)) {
      unavailable ??= bounds.unavailable;
      points.push({ point });
      claimPoints.push({ unavailable: bounds.unavailable });
    } else {
      points.push({ point, bounds });
      claimPoints.push({ report: bounds });
    }
  }
  if (unavailable !== undefined && experiment.model) {
    diagnostics.push({
      span: experiment.model.classSpan,
      severity: 'information',
      code: Codes.boundUnavailable,
      message: `No bound is available for the \`${experiment.model.modelClass}\` model in experiment \`${experiment.name}\`: ${unavailable}`,
    });
  }

  const claims = experiment.claims.map((claim) => {
    const withTerms = claimPoints.map((claimPoint, index) => ({
      ...claimPoint,
      left: termValue(claim.left, points[index].point, diagnostics),
      right: termValue(claim.right, points[index].point, diagnostics),
    }));
    return { claim, result: checkClaim(claim, withTerms) };
  });

  const analysis: ExperimentAnalysis = { experiment, points, claims, scope: resolved.scope };

  // Without points, or with a term that failed a check, the spec errors are already reported.
  // An "undecided" note on top of them would repeat the same mistake.
  const invalid = resolved.scope.invalidExpressions;
  const decidable = points.length === 0 ? [] : claims.filter(({ claim }) => ![claim.left, claim.right].some((term) => term.kind === 'expression' && invalid.has(term.expression)));
  append(diagnostics, theoryDiagnostics({ ...analysis, claims: decidable }));
  return analysis;
}

/** Value of an expression term of a claim at a point; undefined for quantities and failures. */
function termValue(term: ClaimTerm, point: ResolvedPoint, diagnostics: Diagnostic[]): number | undefined {
  if (term.kind !== 'expression' || term.expression.rejected) {
    return undefined;
  }
  const compiled = compileExpression(term.expression.text);
  if (!compiled.ok) {
    return undefined;
  }
  const symbols = new Map(Object.entries(point.bindings));
  if (compiled.expression.symbols.some((symbol) => !symbols.has(symbol))) {
    return undefined;
  }
  const result = compiled.expression.evaluate(symbols);
  if (!result.ok) {
    const where = Object.entries(point.sweepValues)
      .map(([symbol, value]) => `${symbol} = ${value}`)
      .join(', ');
    diagnostics.push({
      span: term.expression.span,
      severity: 'error',
      code: result.code,
      message: where ? `With ${where}: ${result.message}` : result.message,
    });
    return undefined;
  }
  return result.value;
}

/** Appends without spreading, which would overflow the stack for very many diagnostics. */
function append(target: Diagnostic[], items: readonly Diagnostic[]): void {
  for (const item of items) {
    target.push(item);
  }
}

function internalError(step: string, error: unknown, span: Span): Diagnostic {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    span,
    severity: 'error',
    code: Codes.internalError,
    message: `Internal error while ${step} (${detail.slice(0, 300)}). The rest of the analysis is still shown; please report this with the spec.`,
  };
}

const SEVERITY_ORDER: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * Removes exact duplicates (an inherited statement checked in several
 * experiments), clamps spans into the text, sorts by position and keeps at
 * most `Limits.maxDiagnostics`, adding one diagnostic that counts the rest.
 */
function finishDiagnostics(diagnostics: Diagnostic[], length: number): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const start = Math.max(0, Math.min(length, diagnostic.span.start));
    const end = Math.max(start, Math.min(length, diagnostic.span.end));
    diagnostic.span = { start, end };
    const key = `${diagnostic.code}|${start}|${end}|${diagnostic.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(diagnostic);
    }
  }
  unique.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  if (unique.length <= Limits.maxDiagnostics) {
    return unique;
  }
  const kept = unique.slice(0, Limits.maxDiagnostics);
  const omitted = unique.length - kept.length;
  kept.push({
    span: unique[Limits.maxDiagnostics].span,
    severity: 'information',
    code: Codes.tooManyDiagnostics,
    message: `${omitted} more diagnostics are not shown; fix the ones above first.`,
  });
  return kept;
}
