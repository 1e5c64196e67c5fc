/**
 * Hover text. On the lines that determine the bounds (the experiment
 * header, `sources`, `samples` and the model block) it shows both bounds,
 * their ratio, beta_sim and the numbered derivation; on a claim its proof
 * or refutation; on a key or keyword its meaning, unit, default and valid
 * range; on a symbol its value.
 */
import type { ExperimentAnalysis, PointAnalysis } from '../analysis';
import type { ClaimNode, ExperimentNode, StatementNode } from '../syntax/ast';
import type { Span } from '../text';
import { formatNumber, planSampleSize, renderDerivation } from '../theory/index';
import type { ClaimResult } from '../theory/types';
import { contains, experimentAt, experimentNodeAt, type IdeDocument } from './document';
import { LANGUAGE_WORDS, describeKey, describeWord } from './keys';
import { symbolUses } from './navigation';
import type { HoverResult } from './types';

/** Rows of the sweep table in a hover; longer sweeps end with a note. */
const MAX_TABLE_ROWS = 12;

export function hoverAt(document: IdeDocument, offset: number): HoverResult | undefined {
  const node = experimentNodeAt(document, offset);
  if (!node) {
    return undefined;
  }
  const experiment = experimentAt(document, offset);
  const word = wordAt(document.text, offset);
  const statement = node.statements.find((candidate) => contains(candidate.span, offset));

  if (statement?.kind === 'claim') {
    return claimHover(document, statement, experiment);
  }

  // A symbol inside an expression shows its value before anything about the line.
  if (word && isSymbolUse(document, node, word.span)) {
    const value = symbolMarkdown(experiment, word.text);
    if (value) {
      return { span: word.span, markdown: value };
    }
  }

  const keyText = word ? describeKey(document, node, statement, word.text, offset) : undefined;
  const determinesBounds = statement === undefined ? isOnHeader(node, offset) : determinesBoundsStatement(statement);

  if (determinesBounds && experiment) {
    // On a statement keyword the bounds come first; on a key inside a block, the key's description.
    const onKeyword = word !== undefined && LANGUAGE_WORDS[word.text]?.kind === 'keyword';
    let parts = [boundsMarkdown(experiment)];
    if (keyText) {
      parts = onKeyword ? [boundsMarkdown(experiment), '---', keyText] : [keyText, '---', boundsMarkdown(experiment)];
    }
    return { span: keyText && word ? word.span : (statement?.span ?? headerSpan(node)), markdown: parts.join('\n\n') };
  }
  if (keyText && word) {
    return { span: word.span, markdown: keyText };
  }
  if (word) {
    const described = describeWord(word.text) ?? symbolMarkdown(experiment, word.text);
    if (described) {
      return { span: word.span, markdown: described };
    }
  }
  return undefined;
}

function isSymbolUse(document: IdeDocument, node: ExperimentNode, span: Span): boolean {
  return symbolUses(document, node).some((use) => use.span.start === span.start && use.span.end === span.end);
}

function determinesBoundsStatement(statement: StatementNode): boolean {
  if (statement.kind === 'setting') {
    return statement.keyword.name === 'sources' || statement.keyword.name === 'samples';
  }
  return statement.kind === 'sourcesBlock' || statement.kind === 'model' || statement.kind === 'bound' || statement.kind === 'sweep';
}

function isOnHeader(node: ExperimentNode, offset: number): boolean {
  return contains(headerSpan(node), offset);
}

function headerSpan(node: ExperimentNode): Span {
  return { start: node.span.start, end: node.bodySpan?.start ?? (node.parent ?? node.name ?? node.keyword).span.end };
}

/** Finds the identifier-like word around an offset. */
export function wordAt(text: string, offset: number): { text: string; span: Span } | undefined {
  const isWord = (index: number): boolean => index >= 0 && index < text.length && /[A-Za-z0-9_]/.test(text[index]);
  let start = offset;
  while (isWord(start - 1)) {
    start--;
  }
  let end = offset;
  while (isWord(end)) {
    end++;
  }
  if (start === end || /[0-9]/.test(text[start])) {
    return undefined;
  }
  return { text: text.slice(start, end), span: { start, end } };
}

/** Sweep values of a point as `K = 5, n = 500`; the empty string without a sweep. */
export function pointLabel(point: PointAnalysis['point']): string {
  return Object.entries(point.sweepValues)
    .map(([symbol, value]) => `${symbol} = ${formatNumber(value)}`)
    .join(', ');
}

/** Bounds of an experiment: a summary of the first point, the sweep table, and the derivations of the first point. */
export function boundsMarkdown(experiment: ExperimentAnalysis): string {
  const name = experiment.experiment.name;
  const first = experiment.points.find((entry) => entry.bounds !== undefined);
  if (!first?.bounds) {
    return `**${name}**: no bound at this configuration; the diagnostics say which value is missing or invalid.`;
  }
  const report = first.bounds;
  const where = pointLabel(first.point);
  const K = first.point.K;
  const lines: string[] = [
    `**${name}**${where ? ` at ${where}` : ''} (preset \`${report.preset}\`${report.preset === 'mle_bracketing' ? `, C = ${formatNumber(first.point.C)}, delta = ${formatNumber(first.point.delta)}` : ''})`,
    '',
    '| quantity | value |',
    '|---|---|',
    `| single-source bound | ${formatNumber(report.single.value)}${report.single.vacuous ? ' (vacuous: above 1)' : ''} |`,
    `| multi-source bound | ${formatNumber(report.multi.value)}${report.multi.vacuous ? ' (vacuous: above 1)' : ''} |`,
    `| ratio multi / single | ${formatNumber(report.ratio.value)} |`,
    `| sqrt(1 - (K - 1) beta_sim / K) | ${formatNumber(report.ratio.identity)} (K = ${K}) |`,
    `| beta_sim = P_s / P | ${formatNumber(report.counts.betaSim)} (P = ${report.counts.perSource}, P_s = ${report.counts.shared}) |`,
  ];
  if (report.nonVacuousAt) {
    lines.push(`| n where the bound reaches 1 | single ${formatNumber(report.nonVacuousAt.single)}, multi ${formatNumber(report.nonVacuousAt.multi)} |`);
  }

  if (experiment.points.length > 1) {
    lines.push('', sweepTable(experiment));
  }

  lines.push('', '---', '', renderDerivation(report.single.derivation, 'markdown'));
  lines.push('', renderDerivation(report.multi.derivation, 'markdown'));
  lines.push('', renderDerivation(report.ratio.derivation, 'markdown'));
  return lines.join('\n');
}

function sweepTable(experiment: ExperimentAnalysis): string {
  const symbols = experiment.experiment.sweeps.map((axis) => axis.symbol);
  const header = [...symbols, 'single', 'multi', 'ratio'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const entry of experiment.points.slice(0, MAX_TABLE_ROWS)) {
    const values = symbols.map((symbol) => formatNumber(entry.point.sweepValues[symbol] ?? Number.NaN));
    const bounds = entry.bounds ? [entry.bounds.single.value, entry.bounds.multi.value, entry.bounds.ratio.value].map((value) => formatNumber(value)) : ['-', '-', '-'];
    lines.push(`| ${[...values, ...bounds].join(' | ')} |`);
  }
  if (experiment.points.length > MAX_TABLE_ROWS) {
    lines.push('', `_${experiment.points.length - MAX_TABLE_ROWS} more points; run msbound: Show Derivation for all of them._`);
  }
  return lines.join('\n');
}

function claimHover(document: IdeDocument, statement: ClaimNode, experiment: ExperimentAnalysis | undefined): HoverResult | undefined {
  const entry = experiment?.claims.find((candidate) => candidate.claim.span.start === statement.span.start && candidate.claim.span.end === statement.span.end);
  if (!entry) {
    return { span: statement.span, markdown: '**claim**: not evaluated, because the claim or its experiment has errors (see the diagnostics).' };
  }
  return { span: statement.span, markdown: claimMarkdown(entry.claim.text, entry.result) };
}

export function claimMarkdown(text: string, result: ClaimResult): string {
  const lines = [`**claim \`${text}\`: ${result.status}**`, '', result.summary];
  if (result.counterexample && Object.keys(result.counterexample).length > 0) {
    const where = Object.entries(result.counterexample)
      .map(([symbol, value]) => `${symbol} = ${formatNumber(value)}`)
      .join(', ');
    lines.push('', `Counterexample at ${where}.`);
  }
  if (result.dependsOn && result.dependsOn.length > 0) {
    lines.push('', `The outcome depends on: ${result.dependsOn.join(', ')}.`);
  }
  lines.push('', '---', '', renderDerivation(result.derivation, 'markdown'));
  return lines.join('\n');
}

function symbolMarkdown(experiment: ExperimentAnalysis | undefined, symbol: string): string | undefined {
  const values = experiment?.points.map((entry) => entry.point.bindings[symbol]).filter((value): value is number => value !== undefined) ?? [];
  if (values.length === 0) {
    return undefined;
  }
  const distinct = [...new Set(values)];
  if (distinct.length === 1) {
    return `\`${symbol}\` = ${formatNumber(distinct[0])}`;
  }
  return `\`${symbol}\` takes ${distinct.map((value) => formatNumber(value)).join(', ')} over the sweep`;
}

/** Markdown of every point's bounds and derivations, for msbound.showDerivation. */
export function derivationMarkdown(experiment: ExperimentAnalysis): string {
  const sections: string[] = [`# Derivation of \`${experiment.experiment.name}\``];
  experiment.points.forEach((entry, index) => {
    const where = pointLabel(entry.point);
    sections.push(`## Point ${index + 1}${where ? `: ${where}` : ''}`);
    if (!entry.bounds) {
      sections.push('No bound at this point; the diagnostics say which value is missing or invalid.');
      return;
    }
    sections.push(
      `single-source bound ${formatNumber(entry.bounds.single.value)}, multi-source bound ${formatNumber(entry.bounds.multi.value)}, ratio ${formatNumber(entry.bounds.ratio.value)} (preset \`${entry.bounds.preset}\`).`,
      renderDerivation(entry.bounds.single.derivation, 'markdown'),
      renderDerivation(entry.bounds.multi.derivation, 'markdown'),
      renderDerivation(entry.bounds.ratio.derivation, 'markdown'),
    );
  });
  for (const { claim, result } of experiment.claims) {
    sections.push(`## Claim \`${claim.text}\``, claimMarkdown(claim.text, result));
  }
  return sections.join('\n\n');
}

/** Markdown of the smallest n reaching `target` at every point, for msbound.planSampleSize. */
export function planMarkdown(experiment: ExperimentAnalysis, target: number): string {
  const sections: string[] = [`# Sample size for \`${experiment.experiment.name}\` with bound at most ${formatNumber(target)}`];
  for (const entry of experiment.points) {
    const where = pointLabel(entry.point);
    if (!entry.bounds) {
      sections.push(`## ${where || 'Experiment'}`, 'No bound at this point; the diagnostics say which value is missing or invalid.');
      continue;
    }
    const plan = planSampleSize(entry.point, target);
    const show = (value: number | null): string => (value === null ? 'none below the search limit' : formatNumber(value));
    sections.push(
      `## ${where || 'Experiment'}`,
      `Smallest total n: single-source ${show(plan.single)}, multi-source ${show(plan.multi)} (preset \`${plan.preset}\`).`,
      renderDerivation(plan.derivation, 'markdown'),
    );
  }
  return sections.join('\n\n');
}
