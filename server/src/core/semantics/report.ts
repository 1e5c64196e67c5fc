/** Small helpers that create diagnostics and fixes for the semantic checks. */
import type { Diagnostic, Fix } from '../diagnostics';
import type { Span } from '../text';

export function errorAt(span: Span, code: string, message: string, fixes?: Fix[], related?: Diagnostic['related']): Diagnostic {
  const diagnostic: Diagnostic = { span, severity: 'error', code, message };
  if (fixes && fixes.length > 0) {
    diagnostic.fixes = fixes;
  }
  if (related && related.length > 0) {
    diagnostic.related = related;
  }
  return diagnostic;
}

/** Creates a fix that replaces the text at `span` with `replacement`. */
export function replaceFix(span: Span, replacement: string): Fix {
  return { title: `Replace with \`${replacement}\``, edits: [{ span, newText: replacement }] };
}

/** Creates a fix that deletes the text at `span`. */
export function deleteFix(span: Span, title: string): Fix {
  return { title, edits: [{ span, newText: '' }] };
}

/** " Did you mean `x`?" or the empty string. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion ? ` Did you mean \`${suggestion}\`?` : '';
}
