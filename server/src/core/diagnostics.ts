import type { Span } from './text';

/** Severity levels, ordered as in LSP (error is the most severe). */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** One text replacement of a quick fix. */
export interface TextEdit {
  span: Span;
  newText: string;
}

/** A suggested fix that the editor can apply and the CLI can print. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

/**
 * A problem or a finding at a place in the spec. Codes are stable
 * identifiers (`MSB` and three digits) documented in docs/diagnostics.md.
 */
export interface Diagnostic {
  span: Span;
  severity: Severity;
  code: string;
  message: string;
  fixes?: Fix[];
  /** Places that explain the diagnostic, such as the parent of a cycle. */
  related?: { span: Span; message: string }[];
}
