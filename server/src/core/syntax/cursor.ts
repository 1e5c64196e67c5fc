/**
 * The token cursor of the parser: reads significant tokens (comments
 * skipped) from the lexer with the lookahead the grammar needs, reports
 * syntax errors once per statement, and skips the rest of a broken
 * statement so that parsing can resume.
 */
import type { Diagnostic, Fix } from '../diagnostics';
import { Codes } from '../semantics/codes';
import type { Span } from '../text';
import type { Identifier } from './ast';
import { Lexer } from './lexer';
import type { Token } from './tokens';

export class TokenCursor {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lexer: Lexer;
  protected current: Token;
  /** End offset of the last consumed token. */
  protected previousEnd = 0;
  /** Set once the statement being parsed has reported an error. */
  protected failed = false;

  constructor(protected readonly text: string) {
    this.lexer = new Lexer(text);
    this.current = this.nextSignificant();
  }

  // ---------------------------------------------------------------- tokens

  /** Tokens read ahead by `peekPastNewlines`, in order. */
  private readonly lookahead: Token[] = [];

  protected nextSignificant(): Token {
    const buffered = this.lookahead.shift();
    if (buffered) {
      return buffered;
    }
    let token = this.lexer.next();
    while (token.kind === 'comment') {
      token = this.lexer.next();
    }
    return token;
  }

  /** Returns the first token after the current one and any line breaks, without consuming anything. */
  protected peekPastNewlines(): Token {
    if (this.current.kind !== 'newline') {
      return this.current;
    }
    for (const token of this.lookahead) {
      if (token.kind !== 'newline') {
        return token;
      }
    }
    for (;;) {
      let token = this.lexer.next();
      while (token.kind === 'comment') {
        token = this.lexer.next();
      }
      this.lookahead.push(token);
      if (token.kind !== 'newline') {
        return token;
      }
    }
  }

  protected advance(): Token {
    const token = this.current;
    this.previousEnd = token.span.end;
    this.current = this.nextSignificant();
    return token;
  }

  protected isPunctuation(text: string): boolean {
    return this.current.kind === 'punctuation' && this.current.text === text;
  }

  protected isKeyword(text: string): boolean {
    return this.current.kind === 'keyword' && this.current.text === text;
  }

  protected atStatementSeparator(): boolean {
    return this.current.kind === 'newline' || this.isPunctuation(';');
  }

  protected skipSeparators(): void {
    while (this.atStatementSeparator()) {
      this.advance();
    }
  }

  protected skipNewlines(): void {
    while (this.current.kind === 'newline') {
      this.advance();
    }
  }

  protected identifierOf(token: Token): Identifier {
    return { kind: 'identifier', name: token.text, span: token.span };
  }

  // ---------------------------------------------------------------- errors

  protected report(span: Span, code: string, message: string, fixes?: Fix[], related?: Diagnostic['related']): void {
    this.failed = true;
    const diagnostic: Diagnostic = { span, severity: 'error', code, message };
    if (fixes && fixes.length > 0) {
      diagnostic.fixes = fixes;
    }
    if (related && related.length > 0) {
      diagnostic.related = related;
    }
    this.diagnostics.push(diagnostic);
  }

  /** Describes the current token for a message: `` `x` ``, "a line break", "the end of the file". */
  protected describeCurrent(): string {
    const token = this.current;
    if (token.kind === 'eof') {
      return 'the end of the file';
    }
    if (token.kind === 'newline') {
      return 'a line break';
    }
    const shown = token.text.length > 24 ? `${token.text.slice(0, 24)}…` : token.text;
    return `\`${escapeControlCharacters(shown)}\``;
  }

  /** Span for an error at the current token; a line break or the end is shown as an empty span after the last token. */
  protected currentErrorSpan(): Span {
    if (this.current.kind === 'newline' || this.current.kind === 'eof') {
      return { start: this.previousEnd, end: this.previousEnd };
    }
    return this.current.span;
  }

  /** Reports that `expected` was expected at the current token (once per statement). */
  protected expected(expected: string, fixes?: Fix[]): void {
    if (this.failed) {
      return;
    }
    const token = this.current;
    if (token.kind === 'invalid') {
      this.report(token.span, Codes.unexpectedCharacter, `Invalid character ${this.describeCurrent()}: expected ${expected}.`, [
        { title: 'Delete the character', edits: [{ span: token.span, newText: '' }] },
      ]);
      return;
    }
    if (token.kind === 'string' && token.unterminated) {
      this.report(token.span, Codes.unterminatedString, 'Unterminated string: add the closing `"`.', [
        { title: 'Close the string', edits: [{ span: { start: token.span.end, end: token.span.end }, newText: '"' }] },
      ]);
      return;
    }
    this.report(this.currentErrorSpan(), Codes.unexpectedToken, `Expected ${expected}, found ${this.describeCurrent()}.`, fixes);
  }

  /** Insert-text fix at the end of the previous token. */
  protected insertFix(title: string, newText: string): Fix {
    return { title, edits: [{ span: { start: this.previousEnd, end: this.previousEnd }, newText }] };
  }

  /**
   * Skips the rest of a broken statement: up to a line break or `;` outside
   * braces, a `}` that closes the enclosing block (not consumed), the
   * keyword `experiment`, or the end of the text. Only braces are counted
   * because only blocks span lines.
   */
  protected skipStatement(): void {
    let depth = 0;
    while (this.current.kind !== 'eof' && !this.isKeyword('experiment')) {
      if (depth === 0 && (this.atStatementSeparator() || this.isPunctuation('}'))) {
        return;
      }
      if (this.isPunctuation('{')) {
        depth++;
      } else if (this.isPunctuation('}')) {
        depth--;
      }
      this.advance();
    }
  }

  /** After a complete statement: accepts a separator, `}` or the end; anything else is an error. */
  protected expectStatementEnd(): void {
    if (this.atStatementSeparator() || this.isPunctuation('}') || this.current.kind === 'eof') {
      return;
    }
    if (this.current.kind === 'keyword') {
      // A statement keyword starts the next statement: report the missing separator and go on there.
      this.report(
        { start: this.previousEnd, end: this.current.span.start },
        Codes.unexpectedToken,
        `Expected a line break or \`;\` before \`${this.current.text}\`.`,
        [this.insertFix('Insert `;`', ';')],
      );
      this.failed = false;
      return;
    }
    this.expected('a line break or `;` after the statement');
    this.skipStatement();
  }
}

/**
 * Shows control characters and lone surrogates as `U+XXXX`, so that a
 * message about binary input prints no raw bytes to a terminal.
 */
function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (character) =>
    `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}
