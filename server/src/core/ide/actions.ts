/**
 * Code actions: the quick fixes that diagnostics carry (misspelled keys,
 * weights that do not sum to 1, ...), fallbacks for the fixes a diagnostic
 * may lack, and "set n to the smallest value for which the bound is at
 * most X" where X comes from a claim on the bound or is 1 for a vacuous
 * bound.
 */
import type { ExperimentAnalysis } from '../analysis';
import type { Diagnostic, TextEdit } from '../diagnostics';
import type { Claim, ClaimTerm } from '../semantics/model';
import type { ExperimentNode, SourcesBlockNode } from '../syntax/ast';
import { STATEMENT_KEYWORDS } from '../syntax/tokens';
import { closestMatch } from '../syntax/suggest';
import type { Span } from '../text';
import { formatNumber, planSampleSize } from '../theory/index';
import { experimentByName, type IdeDocument } from './document';
import { keySchemas } from './schema-bridge';
import { scopeAt } from './keys';
import type { CodeActionData } from './types';

/** Codes whose diagnostics may need a fallback fix (see the diagnostics reference). */
const UNKNOWN_KEY = 'MSB023';
const WEIGHTS_SUM = 'MSB032';

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function codeActionsFor(document: IdeDocument, range: Span): CodeActionData[] {
  const actions: CodeActionData[] = [];

  document.analysis.diagnostics.forEach((diagnostic, index) => {
    if (!overlaps(diagnostic.span, range)) {
      return;
    }
    const fixes = diagnostic.fixes && diagnostic.fixes.length > 0 ? diagnostic.fixes : fallbackFixes(document, diagnostic);
    fixes.forEach((fix, position) => {
      actions.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, diagnosticIndex: index, isPreferred: position === 0 });
    });
  });

  for (const node of document.tree.experiments) {
    if (!overlaps(node.span, range) || !node.name) {
      continue;
    }
    const experiment = experimentByName(document, node.name.name);
    if (experiment) {
      // Skip plans whose edit a diagnostic's fix already offers.
      const offered = new Set(actions.flatMap((action) => action.edits.map((edit) => edit.newText.trim())));
      actions.push(...sampleSizeActions(document, node, experiment, range).filter((action) => !offered.has(action.edits[0].newText.trim())));
    }
  }
  return actions;
}

/** Fixes computed here for diagnostics that arrive without one. */
function fallbackFixes(document: IdeDocument, diagnostic: Diagnostic): { title: string; edits: TextEdit[] }[] {
  if (diagnostic.code === UNKNOWN_KEY) {
    const word = document.text.slice(diagnostic.span.start, diagnostic.span.end);
    const node = document.tree.experiments.find((candidate) => overlaps(candidate.span, diagnostic.span));
    const statement = node?.statements.find((candidate) => overlaps(candidate.span, diagnostic.span));
    const candidates = [...keySchemas(scopeAt(statement, diagnostic.span.start)).map((entry) => entry.key), ...(statement ? [] : STATEMENT_KEYWORDS)];
    const suggestion = /^[A-Za-z_][A-Za-z0-9_]*$/.test(word) ? closestMatch(word, candidates) : undefined;
    return suggestion ? [{ title: `Replace with \`${suggestion}\``, edits: [{ span: diagnostic.span, newText: suggestion }] }] : [];
  }
  if (diagnostic.code === WEIGHTS_SUM) {
    const block = findSourcesBlock(document, diagnostic.span);
    const edits = block ? normalizedWeightEdits(document, block) : undefined;
    return edits ? [{ title: 'Divide each weight by their sum so that they sum to 1', edits }] : [];
  }
  return [];
}

function findSourcesBlock(document: IdeDocument, span: Span): SourcesBlockNode | undefined {
  for (const node of document.tree.experiments) {
    for (const statement of node.statements) {
      if (statement.kind === 'sourcesBlock' && overlaps(statement.span, span)) {
        return statement;
      }
    }
  }
  return undefined;
}

/**
 * Edits that replace every weight w_i by w_i / sum(w), when all weights
 * are plain numbers; undefined when one is an expression.
 */
export function normalizedWeightEdits(document: IdeDocument, block: SourcesBlockNode): TextEdit[] | undefined {
  const values: { span: Span; value: number }[] = [];
  for (const entry of block.block.entries) {
    if (entry.value?.kind !== 'expression') {
      return undefined;
    }
    const value = Number(entry.value.text.trim());
    if (!Number.isFinite(value) || value <= 0) {
      return undefined;
    }
    values.push({ span: entry.value.span, value });
  }
  const total = values.reduce((sum, item) => sum + item.value, 0);
  if (values.length === 0 || total <= 0) {
    return undefined;
  }
  return values.map((item) => ({ span: item.span, newText: formatNumber(item.value / total, 12) }));
}

/** Target bounds for the sample-size action: numbers that claims compare `single` or `multi` with. */
interface SampleTarget {
  mode: 'single' | 'multi';
  target: number;
  claim?: Claim;
}

function claimTargets(experiment: ExperimentAnalysis): SampleTarget[] {
  const targets: SampleTarget[] = [];
  const quantity = (term: ClaimTerm): 'single' | 'multi' | undefined =>
    term.kind === 'quantity' && (term.quantity === 'single' || term.quantity === 'multi') ? term.quantity : undefined;
  const number = (term: ClaimTerm): number | undefined => {
    if (term.kind !== 'expression') {
      return undefined;
    }
    const value = Number(term.expression.text.trim());
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  for (const { claim } of experiment.claims) {
    const upperOnLeft = claim.comparison === '<' || claim.comparison === '<=';
    const mode = upperOnLeft ? quantity(claim.left) : quantity(claim.right);
    const target = upperOnLeft ? number(claim.right) : number(claim.left);
    if (mode && target !== undefined) {
      targets.push({ mode, target, claim });
    }
  }
  return targets;
}

/**
 * Actions that set the total sample size n to the smallest value for
 * which a bound is at most a target. Offered on the experiment's
 * `samples` line or its claims, for an experiment with one configuration
 * and a total sample size.
 */
function sampleSizeActions(document: IdeDocument, node: ExperimentNode, experiment: ExperimentAnalysis, range: Span): CodeActionData[] {
  if (experiment.points.length !== 1 || experiment.experiment.samples?.kind !== 'total') {
    return [];
  }
  const entry = experiment.points[0];
  const report = entry.bounds;
  if (!report) {
    return [];
  }
  const samplesNode = node.statements.find((statement) => statement.kind === 'setting' && statement.keyword.name === 'samples');
  const claimNodes = node.statements.filter((statement) => statement.kind === 'claim');
  const onSamples = samplesNode !== undefined && overlaps(samplesNode.span, range);
  const onClaim = claimNodes.some((claim) => overlaps(claim.span, range));
  if (!onSamples && !onClaim) {
    return [];
  }

  const targets = claimTargets(experiment);
  for (const mode of ['single', 'multi'] as const) {
    if (report[mode].vacuous) {
      targets.push({ mode, target: 1 });
    }
  }

  const actions: CodeActionData[] = [];
  const seen = new Set<string>();
  for (const { mode, target } of targets) {
    const key = `${mode}:${target}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const plan = planSampleSize(entry.point, target, report.preset);
    const n = plan[mode];
    if (n === null || n === entry.point.n) {
      continue;
    }
    const edit = samplesEdit(document, node, n);
    if (!edit) {
      continue;
    }
    const label = mode === 'single' ? 'single-source' : 'multi-source';
    actions.push({
      title: `Set n to ${n}, the smallest value for which the ${label} bound is at most ${formatNumber(target)}`,
      kind: 'quickfix',
      edits: [edit],
    });
  }
  return actions;
}

/** Replaces the value of the experiment's own `samples` statement, or adds one after the opening brace. */
function samplesEdit(document: IdeDocument, node: ExperimentNode, n: number): TextEdit | undefined {
  const samples = node.statements.find((statement) => statement.kind === 'setting' && statement.keyword.name === 'samples');
  if (samples?.kind === 'setting') {
    if (samples.qualifier || samples.value?.kind !== 'expression') {
      return undefined;
    }
    return { span: samples.value.span, newText: String(n) };
  }
  if (!node.bodySpan) {
    return undefined;
  }
  const open = node.bodySpan.start + 1;
  const indent = indentationOfBody(document, node);
  return { span: { start: open, end: open }, newText: `\n${indent}samples n = ${n}` };
}

function indentationOfBody(document: IdeDocument, node: ExperimentNode): string {
  const first = node.statements[0];
  if (!first) {
    return '  ';
  }
  let start = first.span.start;
  while (start > 0 && (document.text[start - 1] === ' ' || document.text[start - 1] === '\t')) {
    start--;
  }
  const indent = document.text.slice(start, first.span.start);
  return indent.length > 0 ? indent : '  ';
}
