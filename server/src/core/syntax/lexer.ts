/**
 * The lexer: turns text into tokens on demand, so that the parser never
 * keeps more than a few tokens of a huge input in memory. Runs in time linear in the
 * text; consecutive characters that the language does not use become one
 * `invalid` token, so garbage yields one diagnostic per statement.
 */
import { KEYWORDS, type Token, type TokenKind } from './tokens';

const TWO_CHARACTER_OPERATORS = new Set(['<=', '>=', '==', '!=']);
const OPERATOR_CHARACTERS = '+-*/^%<>=!?:.\'&|~';
const PUNCTUATION_CHARACTERS = '{}[](),;';

const LETTER = /\p{L}/u;
const WHITESPACE = /\s/u;

/**
 * Classes of the 65,536 UTF-16 code units, computed on first use so that
 * non-ASCII text (or binary data) costs one regular-expression test per
 * distinct character: 0 unknown, 1 letter, 2 whitespace, 3 neither.
 */
const unitClasses = new Uint8Array(65536);

function classOf(code: number): number {
  let cached = unitClasses[code];
  if (cached === 0) {
    const character = String.fromCharCode(code);
    cached = code === 0xfeff || WHITESPACE.test(character) ? 2 : LETTER.test(character) ? 1 : 3;
    unitClasses[code] = cached;
  }
  return cached;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Tests whether the character at `index` may start an identifier (letters of any script, `_`). */
function isIdentifierStart(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (isAsciiLetter(code) || code === 95) {
    return true;
  }
  if (code < 128) {
    return false;
  }
  if (code >= 0xd800 && code <= 0xdbff) {
    // Letters outside the Basic Multilingual Plane (rare): test the whole code point.
    return LETTER.test(String.fromCodePoint(text.codePointAt(index) ?? 0));
  }
  return classOf(code) === 1;
}

function isIdentifierPart(text: string, index: number): boolean {
  return isIdentifierStart(text, index) || isDigit(text.charCodeAt(index));
}

/** UTF-16 length of the code point at `index` (2 for a surrogate pair). */
function codePointLength(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) {
      return 2;
    }
  }
  return 1;
}

function isWhitespace(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code === 32 || code === 9 || code === 11 || code === 12) {
    return true;
  }
  if (code < 128) {
    return false;
  }
  return classOf(code) === 2;
}

export class Lexer {
  private position = 0;

  constructor(private readonly text: string) {}

  /** Returns the next token, or an `eof` token at the end (repeatedly). */
  next(): Token {
    const text = this.text;
    while (this.position < text.length && isWhitespace(text, this.position)) {
      this.position++;
    }
    const start = this.position;
    if (start >= text.length) {
      return this.make('eof', start, start);
    }

    const code = text.charCodeAt(start);
    if (code === 10 || code === 13) {
      this.position += code === 13 && text.charCodeAt(start + 1) === 10 ? 2 : 1;
      return this.make('newline', start, this.position);
    }
    if (code === 35) {
      return this.scanComment(start);
    }
    if (code === 34) {
      return this.scanString(start);
    }
    if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(start + 1)))) {
      return this.scanNumber(start);
    }
    if (isIdentifierStart(text, start)) {
      return this.scanIdentifier(start);
    }

    const two = text.slice(start, start + 2);
    if (TWO_CHARACTER_OPERATORS.has(two)) {
      this.position += 2;
      return this.make('operator', start, this.position);
    }
    const character = text[start];
    if (OPERATOR_CHARACTERS.includes(character)) {
      this.position++;
      return this.make('operator', start, this.position);
    }
    if (PUNCTUATION_CHARACTERS.includes(character)) {
      this.position++;
      return this.make('punctuation', start, this.position);
    }
    return this.scanInvalid(start);
  }

  private make(kind: TokenKind, start: number, end: number): Token {
    return { kind, span: { start, end }, text: this.text.slice(start, end) };
  }

  private scanComment(start: number): Token {
    const text = this.text;
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) {
      end++;
    }
    this.position = end;
    return this.make('comment', start, end);
  }

  /** Strings use double quotes, may contain `\"`, and end at the line's end at the latest. */
  private scanString(start: number): Token {
    const text = this.text;
    let end = start + 1;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (code === 34) {
        this.position = end + 1;
        return this.make('string', start, this.position);
      }
      if (code === 10 || code === 13) {
        break;
      }
      const next = text.charCodeAt(end + 1);
      end += code === 92 && end + 1 < text.length && next !== 10 && next !== 13 ? 2 : 1;
    }
    this.position = Math.min(end, text.length);
    const token = this.make('string', start, this.position);
    token.unterminated = true;
    return token;
  }

  private scanNumber(start: number): Token {
    const text = this.text;
    let end = start;
    while (isDigit(text.charCodeAt(end))) {
      end++;
    }
    if (text.charCodeAt(end) === 46) {
      end++;
      while (isDigit(text.charCodeAt(end))) {
        end++;
      }
    }
    const exponent = text.charCodeAt(end);
    if (exponent === 101 || exponent === 69) {
      let digits = end + 1;
      const sign = text.charCodeAt(digits);
      if (sign === 43 || sign === 45) {
        digits++;
      }
      if (isDigit(text.charCodeAt(digits))) {
        end = digits;
        while (isDigit(text.charCodeAt(end))) {
          end++;
        }
      }
    }
    this.position = end;
    return this.make('number', start, end);
  }

  private scanIdentifier(start: number): Token {
    const text = this.text;
    let end = start;
    while (end < text.length && isIdentifierPart(text, end)) {
      end += codePointLength(text, end);
    }
    this.position = end;
    const token = this.make('identifier', start, end);
    if (KEYWORDS.has(token.text)) {
      token.kind = 'keyword';
    }
    return token;
  }

  private scanInvalid(start: number): Token {
    const text = this.text;
    let end = start + codePointLength(text, start);
    while (end < text.length && this.isInvalidStart(end)) {
      end += codePointLength(text, end);
    }
    this.position = end;
    return this.make('invalid', start, end);
  }

  /** Tests whether a character would start no other token, so that it continues an invalid run. */
  private isInvalidStart(index: number): boolean {
    const text = this.text;
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13 || code === 35 || code === 34 || isDigit(code)) {
      return false;
    }
    if (isWhitespace(text, index) || isIdentifierStart(text, index)) {
      return false;
    }
    const character = text[index];
    return !OPERATOR_CHARACTERS.includes(character) && !PUNCTUATION_CHARACTERS.includes(character);
  }
}
