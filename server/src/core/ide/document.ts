/**
 * The inputs of every editor feature for one text: the analysis, the
 * syntax tree and the token stream, computed once per document version.
 */
import type { Analysis } from '../analysis';
import type { ExperimentAnalysis } from '../analysis';
import { parse } from '../syntax/parser';
import type { ExperimentNode, SpecTree } from '../syntax/ast';
import { tokenize, type Token } from '../syntax/tokens';

export interface IdeDocument {
  text: string;
  analysis: Analysis;
  tree: SpecTree;
  tokens: Token[];
}

export function buildIdeDocument(text: string, analysis: Analysis): IdeDocument {
  return { text, analysis, tree: analysis.tree ?? parse(text).tree, tokens: tokenize(text) };
}

/** Whether an offset lies in a span; the end counts, so a cursor just after a word is in it. */
export function contains(span: { start: number; end: number }, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** Finds the experiment node whose text contains the offset. */
export function experimentNodeAt(document: IdeDocument, offset: number): ExperimentNode | undefined {
  return document.tree.experiments.find((node) => contains(node.span, offset));
}

/** Finds the analysis of the experiment whose text contains the offset. */
export function experimentAt(document: IdeDocument, offset: number): ExperimentAnalysis | undefined {
  const node = experimentNodeAt(document, offset);
  const name = node?.name?.name;
  if (name === undefined) {
    return undefined;
  }
  return document.analysis.experiments.find((entry) => entry.experiment.name === name);
}

export function experimentByName(document: IdeDocument, name: string): ExperimentAnalysis | undefined {
  return document.analysis.experiments.find((entry) => entry.experiment.name === name);
}

/** Offset of the end of the code on the offset's line: before a trailing comment and trailing blanks. */
export function endOfCode(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') {
    end++;
  }
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') {
    start--;
  }
  const line = text.slice(start, end);
  const comment = line.indexOf('#');
  let codeEnd = comment >= 0 ? start + comment : end;
  while (codeEnd > start && (text[codeEnd - 1] === ' ' || text[codeEnd - 1] === '\t')) {
    codeEnd--;
  }
  return codeEnd;
}
