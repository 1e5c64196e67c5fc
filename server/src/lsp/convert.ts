/**
 * Conversions between the core's plain data (UTF-16 offsets, Spans,
 * severities) and LSP types. Both sides count UTF-16 code units, so a
 * position is a line plus an offset within that line, never bytes.
 */
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type Position,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, Severity, TextEdit } from '../core/diagnostics';
import type { LineIndex, Span } from '../core/text';

export function toPosition(lines: LineIndex, offset: number): Position {
  const position = lines.position(offset);
  return { line: position.line, character: position.column };
}

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: toPosition(lines, span.start), end: toPosition(lines, span.end) };
}

export function toOffset(lines: LineIndex, position: Position): number {
  return lines.offset({ line: position.line, column: position.character });
}

export function toSpan(lines: LineIndex, range: Range): Span {
  return { start: toOffset(lines, range.start), end: toOffset(lines, range.end) };
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toSeverity(severity: Severity): DiagnosticSeverity {
  return severities[severity] ?? DiagnosticSeverity.Error;
}

export function toTextEdit(lines: LineIndex, edit: TextEdit): LspTextEdit {
  return { range: toRange(lines, edit.span), newText: edit.newText };
}

/**
 * Converts a core diagnostic. `documentation` gives the link of the code's
 * entry in the diagnostics reference, when the server knows where it is.
 * `data` keeps the index of the diagnostic so that code actions find its fixes.
 */
export function toLspDiagnostic(
  lines: LineIndex,
  diagnostic: Diagnostic,
  uri: string,
  documentation: ((code: string) => string | undefined) | undefined,
  index: number,
): LspDiagnostic {
  const href = documentation?.(diagnostic.code);
  return {
    range: toRange(lines, diagnostic.span),
    severity: toSeverity(diagnostic.severity),
    code: diagnostic.code,
    codeDescription: href ? { href } : undefined,
    source: 'msbound',
    message: diagnostic.message,
    relatedInformation: diagnostic.related?.map((related) => ({
      location: { uri, range: toRange(lines, related.span) },
      message: related.message,
    })),
    data: { index },
  };
}
