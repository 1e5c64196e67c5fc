/**
 * Plain data returned by the editor features. Positions are Spans of
 * UTF-16 offsets; the language server converts them to LSP types.
 */
import type { Fix, TextEdit } from '../diagnostics';
import type { Span } from '../text';

export interface HoverResult {
  span: Span;
  markdown: string;
}

export interface InlayHintData {
  /** Offset at which the hint is shown (the end of a line's code). */
  offset: number;
  label: string;
  /** Markdown shown when the pointer rests on the hint. */
  tooltip?: string;
}

/** Commands that code lenses and code actions may invoke, by name. */
export type IdeCommand = 'msbound.runCheck' | 'msbound.showDerivation' | 'msbound.planSampleSize' | 'msbound.showResults' | 'msbound.cancelChecks';

export interface CodeLensData {
  span: Span;
  title: string;
  command: IdeCommand;
  experiment: string;
  /** Longer text shown when the pointer rests on the lens. */
  tooltip?: string;
}

/**
 * State of an experiment's check, for its run lens: the lens title (with
 * the status and age of the last run, or the progress of a running
 * check), the command it invokes, and whether stored results exist to show.
 */
export interface RunLensStatus {
  title: string;
  command: IdeCommand;
  tooltip?: string;
  hasResults: boolean;
}

export interface CodeActionData {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  edits: TextEdit[];
  /** Index into Analysis.diagnostics of the diagnostic that the action fixes. */
  diagnosticIndex?: number;
  isPreferred?: boolean;
}

export type CompletionKind = 'keyword' | 'property' | 'class' | 'enumMember' | 'variable' | 'function' | 'constant' | 'reference';

export interface CompletionData {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert, in snippet syntax when `snippet` is set. */
  insertText?: string;
  snippet?: boolean;
  sortText?: string;
}

export interface SignatureData {
  label: string;
  documentation?: string;
  parameters: { label: string; documentation?: string }[];
  activeParameter: number;
}

export type SymbolKindName = 'class' | 'struct' | 'array' | 'boolean' | 'variable' | 'property' | 'constant';

export interface DocumentSymbolData {
  name: string;
  detail?: string;
  kind: SymbolKindName;
  span: Span;
  selectionSpan: Span;
  children: DocumentSymbolData[];
}

export interface FoldingRangeData {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export type SemanticTokenType = 'keyword' | 'variable' | 'number' | 'string' | 'operator' | 'comment' | 'class' | 'type' | 'enumMember' | 'function' | 'property';

export interface SemanticTokenData {
  span: Span;
  type: SemanticTokenType;
  /** Set on the token that declares a name (an experiment or a symbol). */
  declaration?: boolean;
}

export type { Fix, TextEdit };
