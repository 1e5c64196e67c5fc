/**
 * Recursive-descent parser for .msb specs. It is error tolerant: a mistake
 * yields one diagnostic, the statement that contains it is marked broken,
 * and parsing resumes at the next statement (line break, `;`) or at the
 * brace that closes the enclosing block. Recursion depth is bounded by the
 * grammar (spec > experiment > statement > block > entry), and brackets
 * inside expressions are counted, not recursed into, so deep nesting
 * cannot overflow the stack.
 */
import type { Diagnostic, Fix } from '../diagnostics';
import { Codes, Limits } from '../semantics/codes';
import type { Span } from '../text';
import type {
  BlockNode,
  BoundNode,
  CheckNode,
  ClaimNode,
  ComparisonOperator,
  EntryNode,
  ExperimentNode,
  ExpressionNode,
  Identifier,
  LetNode,
  ListNode,
  ModelNode,
  SettingNode,
  SourcesBlockNode,
  SpecTree,
  StatementNode,
  SweepNode,
  ValueNode,
} from './ast';
import { BOUND_KEYS, CHECK_KEYS, MODEL_SCHEMAS } from '../semantics/schema';
import { TokenCursor } from './cursor';
import { closestMatch, listNames } from './suggest';
import { STATEMENT_KEYWORDS, type Token } from './tokens';

export interface ParseResult {
  tree: SpecTree;
  diagnostics: Diagnostic[];
}

/** Parses a spec. Never throws on any text. */
export function parse(text: string): ParseResult {
  const parser = new Parser(text);
  const tree = parser.parseSpec();
  return { tree, diagnostics: parser.diagnostics };
}

const COMPARISONS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);

/** Block of each key that belongs inside a block, for the hint when one is written as a statement. */
function blockOfKey(key: string): string | undefined {
  for (const schema of MODEL_SCHEMAS.values()) {
    if (schema.keys.some((candidate) => candidate.key === key)) {
      return `the model block (\`model ${schema.modelClass} { ${key} ... }\`)`;
    }
  }
  if (BOUND_KEYS.some((candidate) => candidate.key === key)) {
    return `the bound block (\`bound mle_bracketing { ${key} ... }\`)`;
  }
  if (CHECK_KEYS.some((candidate) => candidate.key === key)) {
    return `the check block (\`check { ${key} = ... }\`)`;
  }
  return undefined;
}

/** Context of an expression, which adds stop tokens besides line breaks, `;` and braces. */
type ExpressionContext = 'statement' | 'list' | 'claim';

class Parser extends TokenCursor {
  // ---------------------------------------------------------------- spec and experiments

  parseSpec(): SpecTree {
    const experiments: ExperimentNode[] = [];
    for (;;) {
      this.failed = false;
      this.skipSeparators();
      if (this.current.kind === 'eof') {
        break;
      }
      if (this.isKeyword('experiment')) {
        experiments.push(this.parseExperiment());
        continue;
      }
      this.reportUnknownTopLevel();
      const before = this.current;
      this.skipStatement();
      if (this.current === before) {
        this.advance();
      }
    }
    return { kind: 'spec', experiments, span: { start: 0, end: this.text.length } };
  }

  private reportUnknownTopLevel(): void {
    const token = this.current;
    if (token.kind === 'identifier' || token.kind === 'keyword') {
      const suggestion = closestMatch(token.text, ['experiment']);
      const fixes: Fix[] = suggestion ? [{ title: `Replace with \`${suggestion}\``, edits: [{ span: token.span, newText: suggestion }] }] : [];
      const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : ' A spec consists of `experiment NAME { ... }` blocks.';
      this.report(token.span, Codes.unknownKeyword, `Unknown keyword \`${token.text}\` at the top level.${hint}`, fixes);
      return;
    }
    this.expected('`experiment`');
  }

  private parseExperiment(): ExperimentNode {
    const keywordToken = this.advance();
    const node: ExperimentNode = {
      kind: 'experiment',
      keyword: this.identifierOf(keywordToken),
      statements: [],
      span: { start: keywordToken.span.start, end: keywordToken.span.end },
    };

    if (this.current.kind === 'identifier') {
      node.name = this.identifierOf(this.advance());
    } else {
      this.expected('an experiment name');
    }
    if (!this.failed && this.isKeyword('extends')) {
      this.advance();
      if (this.current.kind === 'identifier') {
        node.parent = this.identifierOf(this.advance());
      } else {
        this.expected('the name of the parent experiment after `extends`');
      }
    }
    if (!this.failed) {
      this.skipNewlines();
      if (!this.isPunctuation('{')) {
        this.expected('`{` to open the experiment body', [this.insertFix('Insert `{`', ' {')]);
      }
    }
    if (this.failed) {
      node.broken = true;
      this.skipToOpeningBrace();
    }
    if (this.isPunctuation('{')) {
      this.parseExperimentBody(node);
    }
    node.span.end = this.previousEnd;
    return node;
  }

  /** After a broken header: moves to a `{` on the same line, if there is one. */
  private skipToOpeningBrace(): void {
    while (this.current.kind !== 'eof' && this.current.kind !== 'newline' && !this.isPunctuation('{') && !this.isKeyword('experiment')) {
      this.advance();
    }
  }

  private parseExperimentBody(node: ExperimentNode): void {
    const open = this.advance();
    for (;;) {
      this.failed = false;
      this.skipSeparators();
      if (this.isPunctuation('}')) {
        this.advance();
        node.bodySpan = { start: open.span.start, end: this.previousEnd };
        return;
      }
      if (this.current.kind === 'eof' || this.isKeyword('experiment')) {
        this.reportUnclosed(open, 'experiment body');
        node.bodySpan = { start: open.span.start, end: this.previousEnd };
        return;
      }
      const statement = this.parseStatement();
      if (statement) {
        node.statements.push(statement);
      }
      if (this.failed) {
        node.hasErrors = true;
        if (statement) {
          statement.broken = true;
        }
        this.skipStatement();
      } else {
        this.expectStatementEnd();
        if (this.failed) {
          node.hasErrors = true;
        }
        if (this.failed && statement) {
          statement.broken = true;
        }
      }
    }
  }

  private reportUnclosed(open: Token, what: string): void {
    this.failed = false;
    this.report(
      { start: this.previousEnd, end: this.previousEnd },
      Codes.unclosedBracket,
      `Missing \`}\` to close the ${what}.`,
      [this.insertFix('Insert `}`', '\n}')],
      [{ span: open.span, message: 'The `{` opened here.' }],
    );
  }

  // ---------------------------------------------------------------- statements

  private parseStatement(): StatementNode | undefined {
    const token = this.current;
    if (token.kind === 'keyword') {
      switch (token.text) {
        case 'sources':
          return this.parseSources();
        case 'samples':
        case 'confidence':
          return this.parseSetting();
        case 'model':
          return this.parseModel();
        case 'bound':
          return this.parseBound();
        case 'claim':
          return this.parseClaim();
        case 'check':
          return this.parseCheck();
        case 'sweep':
          return this.parseSweep();
        case 'let':
          return this.parseLet();
      }
    }
    if (token.kind === 'identifier' || token.kind === 'keyword') {
      const block = blockOfKey(token.text);
      const suggestion = block ? undefined : closestMatch(token.text, STATEMENT_KEYWORDS);
      const fixes: Fix[] = suggestion ? [{ title: `Replace with \`${suggestion}\``, edits: [{ span: token.span, newText: suggestion }] }] : [];
      const hint = block
        ? `\`${token.text}\` is a key of ${block}; write it inside that block.`
        : suggestion
          ? `Did you mean \`${suggestion}\`?`
          : `A statement starts with ${listNames(STATEMENT_KEYWORDS)}.`;
      this.report(token.span, Codes.unknownKeyword, `Unknown statement \`${token.text}\`. ${hint}`, fixes);
      return undefined;
    }
    this.expected(`a statement (${listNames(STATEMENT_KEYWORDS)})`);
    return undefined;
  }

  private finish<T extends { span: Span }>(node: T): T {
    node.span.end = Math.max(node.span.start, this.previousEnd);
    return node;
  }

  private parseSources(): SettingNode | SourcesBlockNode {
    const keyword = this.identifierOf(this.advance());
    if (this.isPunctuation('{')) {
      const block = this.parseBlock('sources block');
      const node: SourcesBlockNode = { kind: 'sourcesBlock', keyword, block, span: { ...keyword.span } };
      return this.finish(node);
    }
    return this.parseSettingRest(keyword);
  }

  private parseSetting(): SettingNode {
    const keyword = this.identifierOf(this.advance());
    return this.parseSettingRest(keyword);
  }

  /** `[per_source] [SYMBOL] = VALUE` after `sources`, `samples` or `confidence`. */
  private parseSettingRest(keyword: Identifier): SettingNode {
    const node: SettingNode = { kind: 'setting', keyword, span: { ...keyword.span } };
    if (keyword.name === 'samples' && this.isKeyword('per_source')) {
      node.qualifier = this.identifierOf(this.advance());
    }
    if (this.current.kind === 'identifier') {
      node.symbol = this.identifierOf(this.advance());
    }
    if (this.expectEquals()) {
      node.value = this.parseValue();
    }
    return this.finish(node);
  }

  private expectEquals(): boolean {
    if (this.current.kind === 'operator' && this.current.text === '=') {
      this.advance();
      return true;
    }
    if (this.current.kind === 'keyword') {
      this.report(this.current.span, Codes.unexpectedToken, `\`${this.current.text}\` is a keyword and cannot name a symbol.`);
      return false;
    }
    this.expected('`=`', [this.insertFix('Insert `=`', ' =')]);
    return false;
  }

  private parseModel(): ModelNode {
    const keyword = this.identifierOf(this.advance());
    const node: ModelNode = { kind: 'model', keyword, span: { ...keyword.span } };
    if (this.current.kind !== 'identifier') {
      this.expected('a model class (`gaussian`, `autoregressive` or `energy`)');
      return this.finish(node);
    }
    node.modelClass = this.identifierOf(this.advance());
    if (!this.isPunctuation('{')) {
      this.expected('`{` to open the model block', [this.insertFix('Insert `{ }`', ' { }')]);
      return this.finish(node);
    }
    node.block = this.parseBlock('model block');
    return this.finish(node);
  }

  private parseBound(): BoundNode {
    const keyword = this.identifierOf(this.advance());
    const node: BoundNode = { kind: 'bound', keyword, span: { ...keyword.span } };
    if (this.current.kind !== 'identifier') {
      this.expected('a bound preset (`paper` or `mle_bracketing`)');
      return this.finish(node);
    }
    node.preset = this.identifierOf(this.advance());
    if (this.isPunctuation('{')) {
      node.block = this.parseBlock('bound block');
    }
    return this.finish(node);
  }

  private parseCheck(): CheckNode {
    const keyword = this.identifierOf(this.advance());
    const node: CheckNode = { kind: 'check', keyword, span: { ...keyword.span } };
    if (!this.isPunctuation('{')) {
      this.expected('`{` to open the check block', [this.insertFix('Insert `{ }`', ' { }')]);
      return this.finish(node);
    }
    node.block = this.parseBlock('check block');
    return this.finish(node);
  }

  private parseClaim(): ClaimNode {
    const keyword = this.identifierOf(this.advance());
    const node: ClaimNode = { kind: 'claim', keyword, span: { ...keyword.span } };
    node.left = this.parseExpression('claim');
    if (!node.left) {
      return this.finish(node);
    }
    if (this.current.kind !== 'operator' || !COMPARISONS.has(this.current.text)) {
      this.expected('a comparison (`<`, `<=`, `>` or `>=`)');
      return this.finish(node);
    }
    const operatorToken = this.advance();
    node.comparison = { operator: operatorToken.text as ComparisonOperator, span: operatorToken.span };
    node.right = this.parseExpression('claim');
    return this.finish(node);
  }

  private parseSweep(): SweepNode {
    const keyword = this.identifierOf(this.advance());
    const node: SweepNode = { kind: 'sweep', keyword, span: { ...keyword.span } };
    if (this.current.kind !== 'identifier') {
      this.expected('the symbol to sweep (such as `n`)');
      return this.finish(node);
    }
    node.symbol = this.identifierOf(this.advance());
    if (!this.isKeyword('in')) {
      this.expected('`in`', [this.insertFix('Insert `in`', ' in')]);
      return this.finish(node);
    }
    this.advance();
    if (!this.isPunctuation('[')) {
      this.expected('`[` to open the list of values');
      return this.finish(node);
    }
    node.values = this.parseList();
    return this.finish(node);
  }

  private parseLet(): LetNode {
    const keyword = this.identifierOf(this.advance());
    const node: LetNode = { kind: 'let', keyword, span: { ...keyword.span } };
    if (this.current.kind !== 'identifier') {
      this.expected('the name of the parameter');
      return this.finish(node);
    }
    node.symbol = this.identifierOf(this.advance());
    if (this.expectEquals()) {
      node.value = this.parseExpression('statement');
    }
    return this.finish(node);
  }

  // ---------------------------------------------------------------- blocks and entries

  /** `{ entry; entry ... }`. Errors inside entries do not break the enclosing statement. */
  private parseBlock(what: string): BlockNode {
    const open = this.advance();
    const block: BlockNode = { kind: 'block', entries: [], span: { ...open.span }, closed: true };
    for (;;) {
      this.failed = false;
      this.skipSeparators();
      if (this.isPunctuation('}')) {
        this.advance();
        break;
      }
      if (this.current.kind === 'eof' || this.isKeyword('experiment')) {
        this.reportUnclosed(open, what);
        block.closed = false;
        break;
      }
      const entry = this.parseEntry();
      if (entry) {
        block.entries.push(entry);
      }
      if (this.failed) {
        if (entry) {
          entry.broken = true;
        }
        this.skipStatement();
      } else {
        this.expectStatementEnd();
        if (this.failed && entry) {
          entry.broken = true;
        }
      }
    }
    this.failed = false;
    block.span.end = this.previousEnd;
    return block;
  }

  /** `KEY [SYMBOL] = VALUE`. */
  private parseEntry(): EntryNode | undefined {
    if (this.current.kind !== 'identifier' && this.current.kind !== 'keyword') {
      this.expected('a key (such as `dim`)');
      return undefined;
    }
    const key = this.identifierOf(this.advance());
    const entry: EntryNode = { kind: 'entry', key, span: { ...key.span } };
    if (this.current.kind === 'identifier') {
      entry.symbol = this.identifierOf(this.advance());
    }
    if (this.expectEquals()) {
      entry.value = this.parseValue();
    }
    return this.finish(entry);
  }

  private parseValue(): ValueNode | undefined {
    if (this.isPunctuation('[')) {
      return this.parseList();
    }
    if (this.current.kind === 'string') {
      if (this.current.unterminated) {
        this.expected('a value');
        return undefined;
      }
      const token = this.advance();
      return { kind: 'string', value: token.text.slice(1, -1), span: token.span };
    }
    return this.parseExpression('statement');
  }

  /**
   * Parses `[e1, e2, ...]`. A line break may follow `[` or `,` or precede
   * `]`. Anywhere else it means that the `]` is missing, so an unclosed
   * list costs one line only.
   */
  private parseList(): ListNode | undefined {
    const open = this.advance();
    const list: ListNode = { kind: 'list', items: [], span: { ...open.span } };
    this.skipNewlines();
    while (!this.isPunctuation(']')) {
      if (this.atListEnd()) {
        this.reportUnclosedList(open);
        return undefined;
      }
      const item = this.parseExpression('list');
      if (!item) {
        return undefined;
      }
      list.items.push(item);
      const next = this.peekPastNewlines();
      if (next.kind === 'punctuation' && next.text === ']') {
        this.skipNewlines();
      }
      if (this.isPunctuation(',')) {
        this.advance();
        this.skipNewlines();
      } else if (this.atListEnd()) {
        this.reportUnclosedList(open);
        return undefined;
      } else if (!this.isPunctuation(']')) {
        this.expected('`,` or `]` in the list');
        return undefined;
      }
    }
    this.advance();
    list.span.end = this.previousEnd;
    return list;
  }

  private atListEnd(): boolean {
    return this.current.kind === 'eof' || this.atStatementSeparator() || this.isKeyword('experiment') || this.isPunctuation('}');
  }

  private reportUnclosedList(open: Token): void {
    this.report(
      this.currentErrorSpan(),
      Codes.unclosedBracket,
      'Missing `]` to close the list.',
      [this.insertFix('Insert `]`', ']')],
      [{ span: open.span, message: 'The `[` opened here.' }],
    );
  }

  // ---------------------------------------------------------------- expressions

  /**
   * Collects the tokens of one expression and returns its text. The
   * expression ends at a line break, `;`, `{` or `}`, at a keyword, `)` or
   * `]` outside brackets, at `,` outside brackets in a list, and at a
   * comparison outside brackets in a claim. Brackets are counted, not
   * recursed into, so that nesting depth is checked without recursion.
   */
  private parseExpression(context: ExpressionContext): ExpressionNode | undefined {
    const openers: Token[] = [];
    let first: Token | undefined;
    let last: Token | undefined;
    let rejected = false;

    for (;;) {
      const token = this.current;
      if (token.kind === 'eof' || token.kind === 'newline') {
        break;
      }
      if (token.kind === 'keyword' && (token.text === 'experiment' || openers.length === 0)) {
        break;
      }
      if (token.kind === 'invalid' || (token.kind === 'string' && token.unterminated)) {
        this.expected('an expression');
        return undefined;
      }
      if (token.kind === 'punctuation') {
        const character = token.text;
        // Braces and `;` always end an expression, so an unclosed `(` costs one line only.
        if (character === ';' || character === '{' || character === '}') {
          break;
        }
        if (openers.length === 0) {
          if (character === ')' || character === ']' || (context === 'list' && character === ',')) {
            break;
          }
        }
        if (character === '(' || character === '[') {
          openers.push(token);
          if (openers.length > Limits.maxNesting && !rejected) {
            rejected = true;
            this.report(token.span, Codes.nestingTooDeep, `Brackets are nested deeper than ${Limits.maxNesting} levels; flatten the expression.`);
          }
        } else if (character === ')' || character === ']') {
          openers.pop();
        }
      }
      if (context === 'claim' && openers.length === 0 && token.kind === 'operator' && COMPARISONS.has(token.text)) {
        break;
      }
      first ??= token;
      last = token;
      this.advance();
    }

    if (openers.length > 0) {
      const opener = openers[openers.length - 1];
      const closer = opener.text === '(' ? ')' : ']';
      this.report(
        this.currentErrorSpan(),
        Codes.unclosedBracket,
        `Missing \`${closer}\` to close the \`${opener.text}\`.`,
        [this.insertFix(`Insert \`${closer}\``, closer)],
        [{ span: opener.span, message: `The \`${opener.text}\` opened here.` }],
      );
      return undefined;
    }
    if (!first || !last) {
      this.expected('an expression');
      return undefined;
    }

    const span = { start: first.span.start, end: last.span.end };
    const node: ExpressionNode = { kind: 'expression', text: this.text.slice(span.start, span.end), span };
    if (rejected) {
      node.rejected = true;
    } else if (node.text.length > Limits.maxExpressionLength) {
      node.rejected = true;
      this.report(
        span,
        Codes.expressionTooLong,
        `The expression is ${node.text.length} characters long; the limit is ${Limits.maxExpressionLength}. Split it with \`let\` parameters.`,
      );
      this.failed = false;
    }
    return node;
  }
}
