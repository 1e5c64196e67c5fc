/**
 * The syntax tree of a spec. Every node has the span of the text it covers.
 * A statement with a syntax error is kept with the parts that parsed and
 * `broken: true`, so that the editor can still hover and complete in it
 * and the semantic checks do not report the same mistake again.
 */
import type { Span } from '../text';

export interface Identifier {
  kind: 'identifier';
  name: string;
  span: Span;
}

/** An expression in mathjs syntax, kept as text; the evaluator parses it. */
export interface ExpressionNode {
  kind: 'expression';
  text: string;
  span: Span;
  /** Set when the expression exceeded a limit (nesting or length) and must not be evaluated. */
  rejected?: boolean;
}

/** `[e1, e2, ...]`. */
export interface ListNode {
  kind: 'list';
  items: ExpressionNode[];
  span: Span;
}

/** A double-quoted string, with escapes left as written. */
export interface StringNode {
  kind: 'string';
  value: string;
  span: Span;
}

export type ValueNode = ExpressionNode | ListNode | StringNode;

/** `key [symbol] = value` inside a block. */
export interface EntryNode {
  kind: 'entry';
  key: Identifier;
  symbol?: Identifier;
  value?: ValueNode;
  span: Span;
  broken?: boolean;
}

/** `sources [K] = ...`, `samples [per_source] [n] = ...`, `confidence [delta] = ...`. */
export interface SettingNode {
  kind: 'setting';
  keyword: Identifier;
  /** `per_source` after `samples`. */
  qualifier?: Identifier;
  symbol?: Identifier;
  value?: ValueNode;
  span: Span;
  broken?: boolean;
}

/** A `{ ... }` block of entries. */
export interface BlockNode {
  kind: 'block';
  entries: EntryNode[];
  span: Span;
  /** False when the closing brace is missing. */
  closed: boolean;
}

/** `sources { web = 0.5; books = 0.5 }`. */
export interface SourcesBlockNode {
  kind: 'sourcesBlock';
  keyword: Identifier;
  block: BlockNode;
  span: Span;
  broken?: boolean;
}

/** `model CLASS { ... }`. */
export interface ModelNode {
  kind: 'model';
  keyword: Identifier;
  modelClass?: Identifier;
  block?: BlockNode;
  span: Span;
  broken?: boolean;
}

/** `bound PRESET [{ ... }]`. */
export interface BoundNode {
  kind: 'bound';
  keyword: Identifier;
  preset?: Identifier;
  block?: BlockNode;
  span: Span;
  broken?: boolean;
}

export type ComparisonOperator = '<' | '<=' | '>' | '>=';

/** `claim TERM OP TERM`; a term is a quantity name or an expression. */
export interface ClaimNode {
  kind: 'claim';
  keyword: Identifier;
  left?: ExpressionNode;
  comparison?: { operator: ComparisonOperator; span: Span };
  right?: ExpressionNode;
  span: Span;
  broken?: boolean;
}

/** `check { ... }`. */
export interface CheckNode {
  kind: 'check';
  keyword: Identifier;
  block?: BlockNode;
  span: Span;
  broken?: boolean;
}

/** `sweep SYMBOL in [ ... ]`. */
export interface SweepNode {
  kind: 'sweep';
  keyword: Identifier;
  symbol?: Identifier;
  values?: ListNode;
  span: Span;
  broken?: boolean;
}

/** `let SYMBOL = EXPR`. */
export interface LetNode {
  kind: 'let';
  keyword: Identifier;
  symbol?: Identifier;
  value?: ExpressionNode;
  span: Span;
  broken?: boolean;
}

export type StatementNode = SettingNode | SourcesBlockNode | ModelNode | BoundNode | ClaimNode | CheckNode | SweepNode | LetNode;

/** `experiment NAME [extends PARENT] { statements }`. */
export interface ExperimentNode {
  kind: 'experiment';
  keyword: Identifier;
  name?: Identifier;
  parent?: Identifier;
  statements: StatementNode[];
  /** Span of the body from `{` to `}` (or to where the body stopped). */
  bodySpan?: Span;
  span: Span;
  /** Set when the header (name, `extends`, `{`) has a syntax error. */
  broken?: boolean;
  /** Set when any statement of the body has a syntax error. */
  hasErrors?: boolean;
}

export interface SpecTree {
  kind: 'spec';
  experiments: ExperimentNode[];
  span: Span;
}

export type SyntaxNode =
  | SpecTree
  | ExperimentNode
  | StatementNode
  | BlockNode
  | EntryNode
  | ListNode
  | ExpressionNode
  | StringNode
  | Identifier;
