/**
 * The formatter. It rewrites only whitespace between tokens, so a spec
 * means the same before and after. It applies two-space indentation by bracket depth,
 * one space around `=`, comparisons and binary arithmetic (none around
 * `^`), one space after `,` and `;`, at most one blank line in a row, no
 * trailing blanks, and one final newline. The gap before a trailing
 * comment is kept, so aligned comments stay aligned. A line with a token
 * the language does not use (an invalid character, an unterminated
 * string, an operator such as `.` or `?`) keeps its text and is only
 * re-indented. formatSpec(formatSpec(x)) = formatSpec(x) for every text.
 */
import { Lexer } from '../syntax/lexer';
import type { Token } from '../syntax/tokens';

const INDENT = '  ';

/** Operators that the formatter spaces; any other operator leaves its line as written. */
const SPACED_OPERATORS = new Set(['=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '^']);
const OPENERS = new Set(['{', '[', '(']);
const CLOSERS = new Set(['}', ']', ')']);

/** Tokens after which `+` and `-` are signs rather than binary operators. */
function startsOperand(previous: Token | undefined): boolean {
  if (!previous) {
    return true;
  }
  if (previous.kind === 'operator') {
    return true;
  }
  if (previous.kind === 'punctuation') {
    return previous.text !== ')' && previous.text !== ']' && previous.text !== '}';
  }
  return previous.kind === 'keyword';
}

/** Returns the text between two adjacent tokens of a formatted line. */
function gap(previous: Token, current: Token, beforePrevious: Token | undefined): string {
  if (current.kind === 'comment') {
    return ' ';
  }
  const a = previous.text;
  const b = current.text;
  if (b === ',' || b === ';') {
    return '';
  }
  if (a === ',' || a === ';') {
    return ' ';
  }
  if ((a === '+' || a === '-') && previous.kind === 'operator' && startsOperand(beforePrevious)) {
    return '';
  }
  if (a === '(' || a === '[' || b === ')' || b === ']') {
    return '';
  }
  if (b === '(') {
    return previous.kind === 'identifier' ? '' : ' ';
  }
  if (a === '^' || b === '^') {
    return '';
  }
  return ' ';
}

function tokenizeWithNewlines(text: string): Token[] {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (let token = lexer.next(); token.kind !== 'eof'; token = lexer.next()) {
    tokens.push(token);
  }
  return tokens;
}

/** Whether a line's tokens can be re-spaced without any risk of changing their meaning. */
function isFormattable(tokens: Token[]): boolean {
  return tokens.every((token) => {
    if (token.kind === 'invalid' || token.unterminated) {
      return false;
    }
    return token.kind !== 'operator' || SPACED_OPERATORS.has(token.text);
  });
}

export function formatSpec(text: string): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const tokens = tokenizeWithNewlines(text);

  // Split into lines at newline tokens; a token never spans lines except a newline itself.
  const lines: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'newline') {
      lines.push([]);
    } else {
      lines[lines.length - 1].push(token);
    }
  }

  const output: string[] = [];
  let depth = 0;
  let blankPending = false;

  for (const line of lines) {
    if (line.length === 0) {
      blankPending = output.length > 0;
      continue;
    }
    const first = line[0];
    const leadingCloser = first.kind === 'punctuation' && CLOSERS.has(first.text);
    const indent = INDENT.repeat(Math.max(0, depth - (leadingCloser ? 1 : 0)));
    const previousLine = output.length > 0 ? output[output.length - 1] : undefined;
    if (blankPending && !leadingCloser && previousLine !== undefined && !previousLine.trimEnd().endsWith('{')) {
      output.push('');
    }
    blankPending = false;

    output.push(indent + (isFormattable(line) ? respace(text, line) : verbatim(text, line)));

    for (const token of line) {
      if (token.kind === 'punctuation' && OPENERS.has(token.text)) {
        depth++;
      } else if (token.kind === 'punctuation' && CLOSERS.has(token.text)) {
        depth = Math.max(0, depth - 1);
      }
    }
  }

  return output.length === 0 ? '' : output.join(newline) + newline;
}

function respace(text: string, line: Token[]): string {
  let result = line[0].text;
  for (let i = 1; i < line.length; i++) {
    const previous = line[i - 1];
    const current = line[i];
    if (current.kind === 'comment') {
      // Keep the original gap before a trailing comment (at least one space) so aligned comments stay aligned.
      const original = text.slice(previous.span.end, current.span.start);
      result += original.length > 0 && !/[\r\n]/.test(original) ? original.replace(/[^\t ]/g, ' ') : ' ';
      result += current.text.trimEnd();
      continue;
    }
    result += gap(previous, current, line[i - 2]) + current.text;
  }
  return result;
}

/**
 * Returns the line's own text from its first to its last token. Trailing
 * blanks go, except inside an unterminated string, whose text they are.
 */
function verbatim(text: string, line: Token[]): string {
  const last = line[line.length - 1];
  const own = text.slice(line[0].span.start, last.span.end);
  return last.kind === 'string' ? own : own.trimEnd();
}
