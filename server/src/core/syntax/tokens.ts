/**
 * Tokens of the .msb language. The editor colours the spec from this
 * stream (semantic tokens), and the parser reads it.
 */
import type { Span } from '../text';
import { Lexer } from './lexer';

/**
 * Token kinds. `newline` separates statements, and `invalid` is a run of
 * characters that the language does not use. `tokenize`, which returns the
 * stream for colouring, omits both.
 */
export type TokenKind =
  | 'keyword'
  | 'identifier'
  | 'number'
  | 'string'
  | 'operator'
  | 'punctuation'
  | 'comment'
  | 'newline'
  | 'invalid'
  | 'eof';

export interface Token {
  kind: TokenKind;
  span: Span;
  /** The token's text (for a string: with its quotes). */
  text: string;
  /** Set on a string token that has no closing quote before the line ends. */
  unterminated?: boolean;
}

/** Reserved words. They start statements and cannot name symbols. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'experiment',
  'extends',
  'sources',
  'samples',
  'per_source',
  'confidence',
  'model',
  'bound',
  'claim',
  'check',
  'sweep',
  'in',
  'let',
]);

/** Keywords that may start a statement inside an experiment. */
export const STATEMENT_KEYWORDS: readonly string[] = [
  'sources',
  'samples',
  'confidence',
  'model',
  'bound',
  'claim',
  'check',
  'sweep',
  'let',
];

/**
 * Returns the tokens of a text for colouring: keywords, identifiers,
 * numbers, strings, operators, punctuation and comments, in order.
 */
export function tokenize(text: string): Token[] {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (let token = lexer.next(); token.kind !== 'eof'; token = lexer.next()) {
    if (token.kind !== 'newline' && token.kind !== 'invalid') {
      tokens.push(token);
    }
  }
  return tokens;
}
