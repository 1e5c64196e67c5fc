/** Shared helpers of the core tests. */
import { analyze } from '../../server/src/core/analysis';
import type { Analysis } from '../../server/src/core/analysis';
import type { Diagnostic } from '../../server/src/core/diagnostics';

/** A minimal valid experiment body, to which a test adds or changes lines. */
export const BASE_BODY = ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 10; shared d_sim = 5; mean_bound B = 6 }'];

export function spec(...experiments: string[]): string {
  return experiments.join('\n\n') + '\n';
}

export function experiment(name: string, lines: string[], parent?: string): string {
  const header = parent ? `experiment ${name} extends ${parent} {` : `experiment ${name} {`;
  return [header, ...lines.map((line) => `  ${line}`), '}'].join('\n');
}

/** Returns the text that a diagnostic's span covers. */
export function covered(text: string, diagnostic: Diagnostic): string {
  return text.slice(diagnostic.span.start, diagnostic.span.end);
}

export function errors(analysis: Analysis): Diagnostic[] {
  return analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
}

export function codes(analysis: Analysis): string[] {
  return analysis.diagnostics.map((diagnostic) => diagnostic.code);
}

/** Applies the first fix of a diagnostic to the text. */
export function applyFirstFix(text: string, diagnostic: Diagnostic): string {
  const fix = diagnostic.fixes?.[0];
  if (!fix) {
    throw new Error(`diagnostic ${diagnostic.code} has no fix`);
  }
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of edits) {
    result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  }
  return result;
}

export { analyze };
