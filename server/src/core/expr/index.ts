/**
 * Restricted expression evaluation for spec values: mathjs syntax, a
 * whitelist of node types and functions, plain numbers only.
 */
import type { Span } from '../text';
import { compileExpression } from './compile';

export { compileExpression, type CompiledExpression, type CompileResult, type EvaluationResult, type ExpressionError } from './compile';
export { ALLOWED_FUNCTIONS, snapToInteger } from './functions';

/**
 * Evaluates an expression with the given symbol values. On failure the
 * span, when known, is relative to the expression text.
 */
export function evaluateExpression(
  text: string,
  scope: ReadonlyMap<string, number>,
): { ok: true; value: number } | { ok: false; message: string; span?: Span; code: string } {
  const compiled = compileExpression(text);
  if (!compiled.ok) {
    return { ok: false, message: compiled.message, span: compiled.span, code: compiled.code };
  }
  const result = compiled.expression.evaluate(scope);
  if (!result.ok) {
    return { ok: false, message: result.message, span: result.span, code: result.code };
  }
  return result;
}

/** Names of the symbols an expression reads, each once; empty when the expression is invalid. */
export function referencedSymbols(text: string): string[] {
  const compiled = compileExpression(text);
  return compiled.ok ? [...compiled.expression.symbols] : [];
}
