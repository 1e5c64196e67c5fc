/**
 * Completion and signature help. The context comes from the text of the
 * current statement before the cursor and from the block the cursor is in,
 * so both work on half-typed files where the statement does not parse yet.
 */
import type { ExperimentNode, StatementNode } from '../syntax/ast';
import { STATEMENT_KEYWORDS } from '../syntax/tokens';
import { formatNumber } from '../theory/index';
import { contains, experimentByName, experimentNodeAt, type IdeDocument } from './document';
import { LANGUAGE_WORDS, keyMarkdown, scopeAt } from './keys';
import { settingsOf } from './navigation';
import { keySchemas, type SchemaScope } from './schema-bridge';
import type { CompletionData, SignatureData } from './types';

const MODEL_CLASSES = ['gaussian', 'autoregressive', 'energy'];
const PRESETS = ['paper', 'mle_bracketing'];
const CLAIM_TERMS = ['single', 'multi', 'ratio', 'advantage'];

/** Snippets inserted for statement keywords at the start of a statement. */
const STATEMENT_SNIPPETS: Record<string, string> = {
  sources: 'sources K = ${1:5}',
  samples: 'samples n = ${1:500}',
  confidence: 'confidence delta = ${1:0.05}',
  model: 'model ${1|gaussian,autoregressive,energy|} {\n\t$0\n}',
  bound: 'bound ${1|paper,mle_bracketing|}',
  claim: 'claim ${1|multi,single,ratio,advantage|} ${2|<,<=,>,>=|} ${3:single}',
  check: 'check { seeds = [${1:3, 33, 520, 2025, 25731}]; test_samples = ${2:500} }',
  sweep: 'sweep ${1:K} in [${2:1, 3, 5}]',
  let: 'let ${1:name} = ${2:1}',
};

interface CursorContext {
  /** Text of the current statement before the partial word at the cursor. */
  segment: string;
  node?: ExperimentNode;
  statement?: StatementNode;
  inBody: boolean;
}

function cursorContext(document: IdeDocument, offset: number): CursorContext {
  const text = document.text;
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') {
    lineStart--;
  }
  const before = text.slice(lineStart, offset).replace(/[A-Za-z_][A-Za-z0-9_]*$/, '');
  const separator = Math.max(before.lastIndexOf(';'), before.lastIndexOf('{'));
  const segment = before.slice(separator + 1).replace(/^\s+/, '');
  const node = experimentNodeAt(document, offset);
  const inBody = node?.bodySpan !== undefined && offset > node.bodySpan.start && (offset < node.bodySpan.end || text[node.bodySpan.end - 1] !== '}');
  const statement = node?.statements.find((candidate) => contains(candidate.span, offset) || candidateOpenBlock(candidate, offset));
  return { segment, node, statement, inBody: inBody ?? false };
}

/** Tells whether a statement's block is still open (no closing brace yet), so that it extends to the cursor. */
function candidateOpenBlock(statement: StatementNode, offset: number): boolean {
  const block = statement.kind === 'model' || statement.kind === 'bound' || statement.kind === 'check' ? statement.block : undefined;
  return block !== undefined && !block.closed && offset >= block.span.start;
}

function isInComment(document: IdeDocument, offset: number): boolean {
  return document.tokens.some((token) => token.kind === 'comment' && token.span.start < offset && offset <= token.span.end);
}

export function completionsAt(document: IdeDocument, offset: number): CompletionData[] {
  if (isInComment(document, offset)) {
    return [];
  }
  const context = cursorContext(document, offset);
  const segment = context.segment;

  if (!context.node || !context.inBody) {
    return headerCompletions(document, segment);
  }

  if (/^model\s+$/.test(segment)) {
    return MODEL_CLASSES.map((name) => word(name, 'class'));
  }
  if (/^bound\s+$/.test(segment)) {
    return PRESETS.map((name) => word(name, 'enumMember'));
  }
  if (/^samples\s+$/.test(segment)) {
    return [word('per_source', 'keyword')];
  }
  if (/^sweep\s+$/.test(segment)) {
    return symbolCompletions(document, context.node);
  }
  if (/^sweep\s+[A-Za-z_][A-Za-z0-9_]*\s+$/.test(segment)) {
    return [word('in', 'keyword')];
  }
  if (/^claim\b/.test(segment)) {
    return [...CLAIM_TERMS.map((name) => word(name, 'keyword')), ...expressionCompletions(document, context.node)];
  }
  if (segment.includes('=') || segment.includes('[') || /[-+*/^%(,]\s*$/.test(segment)) {
    return expressionCompletions(document, context.node);
  }
  if (segment.trim() === '') {
    const scope = scopeAt(context.statement, offset);
    return scope.kind === 'top' ? statementCompletions() : keyCompletions(scope);
  }
  return [];
}

function word(name: string, kind: CompletionData['kind']): CompletionData {
  const entry = LANGUAGE_WORDS[name];
  return { label: name, kind, documentation: entry?.text };
}

function headerCompletions(document: IdeDocument, segment: string): CompletionData[] {
  if (segment.trim() === '') {
    return [
      {
        label: 'experiment',
        kind: 'keyword',
        detail: 'new experiment',
        documentation: LANGUAGE_WORDS.experiment.text,
        insertText: 'experiment ${1:name} {\n\t$0\n}',
        snippet: true,
      },
    ];
  }
  if (/^experiment\s+[A-Za-z_][A-Za-z0-9_]*\s+$/.test(segment)) {
    return [word('extends', 'keyword')];
  }
  if (/\bextends\s+$/.test(segment)) {
    return document.analysis.experiments.map((entry) => ({ label: entry.experiment.name, kind: 'reference', detail: 'experiment' }));
  }
  return [];
}

function statementCompletions(): CompletionData[] {
  return STATEMENT_KEYWORDS.map((keyword, index) => ({
    label: keyword,
    kind: 'keyword',
    documentation: LANGUAGE_WORDS[keyword]?.text,
    insertText: STATEMENT_SNIPPETS[keyword] ?? keyword,
    snippet: STATEMENT_SNIPPETS[keyword] !== undefined,
    sortText: String(index).padStart(2, '0'),
  }));
}

function keyCompletions(scope: SchemaScope): CompletionData[] {
  return keySchemas(scope).map((description) => ({
    label: description.key,
    kind: 'property',
    detail: description.symbol ? `${description.key} ${description.symbol} = ...` : `${description.key} = ...`,
    documentation: keyMarkdown(description),
    insertText: description.symbol ? `${description.key} ${description.symbol} = $0` : `${description.key} = $0`,
    snippet: true,
  }));
}

function symbolCompletions(document: IdeDocument, node: ExperimentNode): CompletionData[] {
  const name = node.name?.name;
  if (name === undefined) {
    return [];
  }
  const bindings = experimentByName(document, name)?.points[0]?.point.bindings ?? {};
  const seen = new Set<string>();
  const items: CompletionData[] = [];
  for (const setting of settingsOf(document, name)) {
    if (seen.has(setting.symbol)) {
      continue;
    }
    seen.add(setting.symbol);
    const value = bindings[setting.symbol];
    items.push({
      label: setting.symbol,
      kind: 'variable',
      detail: value === undefined ? setting.expression.text : `= ${formatNumber(value)}`,
      documentation: setting.definedIn === name ? undefined : `Inherited from \`${setting.definedIn}\`.`,
    });
  }
  return items;
}

function expressionCompletions(document: IdeDocument, node: ExperimentNode): CompletionData[] {
  const functions = Object.entries(LANGUAGE_WORDS)
    .filter(([, entry]) => entry.kind === 'function')
    .map(([name, entry]): CompletionData => ({ label: name, kind: 'function', documentation: entry.text, insertText: `${name}($0)`, snippet: true, sortText: `z${name}` }));
  return [...symbolCompletions(document, node), ...functions];
}

/** Returns the first word of the statement around the cursor (the key being written), including the word under the cursor. */
function currentKey(text: string, offset: number): string | undefined {
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) {
    end++;
  }
  let start = offset;
  while (start > 0 && !/[\n\r;{]/.test(text[start - 1])) {
    start--;
  }
  return /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(start, end))?.[1];
}

/**
 * Signature-style help inside a model, bound or check block: the keys the
 * block accepts, with the key on the current line active.
 */
export function signatureHelpAt(document: IdeDocument, offset: number): SignatureData | undefined {
  const context = cursorContext(document, offset);
  if (!context.node || !context.statement) {
    return undefined;
  }
  const scope = scopeAt(context.statement, offset);
  if (scope.kind === 'top') {
    return undefined;
  }
  const keys = keySchemas(scope);
  if (keys.length === 0) {
    return undefined;
  }
  let head = 'check';
  if (scope.kind === 'model') {
    head = `model ${scope.modelClass}`;
  } else if (scope.kind === 'bound') {
    head = `bound ${context.statement.kind === 'bound' ? (context.statement.preset?.name ?? '') : ''}`;
  }
  const parameters = keys.map((key) => ({
    label: key.symbol ? `${key.key} ${key.symbol}` : key.key,
    documentation: keyMarkdown(key),
  }));
  const label = `${head} { ${parameters.map((parameter) => parameter.label).join('; ')} }`;
  const current = currentKey(document.text, offset);
  const active = keys.findIndex((key) => key.key === current);
  return {
    label,
    documentation: scope.kind === 'model' ? LANGUAGE_WORDS[scope.modelClass]?.text : undefined,
    parameters,
    activeParameter: active >= 0 ? active : 0,
  };
}
