/**
 * Inlay hints: the bounds at the end of the line that determines them
 * (`single <= 0.316  multi <= 0.245`), the status of each claim beside it,
 * and a compact summary at the end of each sweep line.
 */
import type { ExperimentAnalysis } from '../analysis';
import type { ExperimentNode } from '../syntax/ast';
import { formatNumber } from '../theory/index';
import type { Span } from '../text';
import { endOfCode, type IdeDocument } from './document';
import type { InlayHintData } from './types';

export interface InlayHintOptions {
  /** Maximum label length in characters (default 60); longer labels end with an ellipsis. */
  maxLength?: number;
}

/** Significant digits of bound values in hints: enough to compare, short enough to read at a glance. */
const HINT_DIGITS = 3;

export function inlayHintsFor(document: IdeDocument, options: InlayHintOptions = {}): InlayHintData[] {
  const maxLength = Math.max(2, options.maxLength ?? 60);
  const hints: InlayHintData[] = [];

  for (const node of document.tree.experiments) {
    const name = node.name?.name;
    const experiment = name === undefined ? undefined : document.analysis.experiments.find((entry) => entry.experiment.name === name);
    if (!experiment) {
      continue;
    }
    boundHints(document, node, experiment, hints);
    claimHints(document, node, experiment, hints);
  }

  return hints.map((hint) => ({ ...hint, label: truncateLabel(hint.label, maxLength) }));
}

/** Cuts a label to at most `maxLength` characters, ending in an ellipsis when cut. */
export function truncateLabel(label: string, maxLength: number): string {
  return label.length <= maxLength ? label : `${label.slice(0, Math.max(0, maxLength - 1))}…`;
}

function hintValue(value: number, vacuous: boolean): string {
  return `${formatNumber(value, HINT_DIGITS)}${vacuous ? ' (vacuous)' : ''}`;
}

/**
 * Chooses where the bounds hint goes: after the model block's first line
 * when the experiment declares a model, else after the `samples` line,
 * else after the header (an inherited configuration).
 */
function boundAnchor(document: IdeDocument, node: ExperimentNode): number {
  const model = node.statements.find((statement) => statement.kind === 'model');
  if (model) {
    return endOfCode(document.text, model.span.start);
  }
  const samples = node.statements.find((statement) => statement.kind === 'setting' && statement.keyword.name === 'samples');
  if (samples) {
    return endOfCode(document.text, samples.span.start);
  }
  return endOfCode(document.text, (node.name ?? node.keyword).span.start);
}

function boundHints(document: IdeDocument, node: ExperimentNode, experiment: ExperimentAnalysis, hints: InlayHintData[]): void {
  const sweeps = node.statements.filter((statement) => statement.kind === 'sweep');
  const withBounds = experiment.points.filter((entry) => entry.bounds !== undefined);
  if (withBounds.length === 0) {
    return;
  }

  if (experiment.points.length === 1) {
    const report = withBounds[0].bounds!;
    hints.push({
      offset: boundAnchor(document, node),
      label: `single <= ${hintValue(report.single.value, report.single.vacuous)}  multi <= ${hintValue(report.multi.value, report.multi.vacuous)}`,
      tooltip: `Bounds on the average total variation (preset \`${report.preset}\`); ratio multi/single = ${formatNumber(report.ratio.value)}. Hover the line for the derivation.`,
    });
    return;
  }

  // With a sweep, each sweep line summarises the range of the bounds over its axis.
  for (const statement of sweeps) {
    const symbol = statement.symbol?.name;
    if (symbol === undefined) {
      continue;
    }
    hints.push({ offset: endOfCode(document.text, statement.span.start), label: sweepSummary(experiment, symbol) });
  }
  if (sweeps.length === 0) {
    // The sweep is inherited: summarise at the header.
    const axis = experiment.experiment.sweeps[0]?.symbol;
    if (axis !== undefined) {
      hints.push({ offset: endOfCode(document.text, (node.name ?? node.keyword).span.start), label: sweepSummary(experiment, axis) });
    }
  }
}

/** `single 0.141..0.548  multi 0.141..0.4 (5 points)`: the bounds at the first and last value of the axis. */
export function sweepSummary(experiment: ExperimentAnalysis, symbol: string): string {
  const points = experiment.points.filter((entry) => entry.bounds !== undefined);
  const single = points.map((entry) => entry.bounds!.single.value);
  const multi = points.map((entry) => entry.bounds!.multi.value);
  const range = (values: number[]): string => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    return low === high ? formatNumber(low, HINT_DIGITS) : `${formatNumber(low, HINT_DIGITS)}..${formatNumber(high, HINT_DIGITS)}`;
  };
  const vacuous = points.some((entry) => entry.bounds!.single.vacuous || entry.bounds!.multi.vacuous) ? ', some vacuous' : '';
  return `${symbol}: single ${range(single)}  multi ${range(multi)} (${experiment.points.length} points${vacuous})`;
}

function claimHints(document: IdeDocument, node: ExperimentNode, experiment: ExperimentAnalysis, hints: InlayHintData[]): void {
  for (const statement of node.statements) {
    if (statement.kind !== 'claim') {
      continue;
    }
    const entry = experiment.claims.find((candidate) => sameSpan(candidate.claim.span, statement.span));
    if (!entry) {
      continue;
    }
    const mark = entry.result.status;
    const where = entry.result.counterexample && Object.keys(entry.result.counterexample).length > 0
      ? ` at ${Object.entries(entry.result.counterexample).map(([symbol, value]) => `${symbol}=${formatNumber(value, HINT_DIGITS)}`).join(', ')}`
      : '';
    hints.push({ offset: endOfCode(document.text, statement.span.start), label: `${mark}${where}`, tooltip: entry.result.summary });
  }
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}
