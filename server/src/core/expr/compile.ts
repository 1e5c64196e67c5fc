/**
 * The restricted expression compiler. It parses with mathjs, walks the node
 * tree and accepts only: finite number constants, symbols, the operators
 * + - * / ^ % (also written `mod`) and unary - and +, parentheses, and
 * calls of the allowed functions (functions.ts). Everything else, such as
 * assignment, function definition, property access, indexing, matrices,
 * objects, ranges, conditionals, strings, units and implicit
 * multiplication, is rejected with a message that names the construct.
 * Accepted trees become plain JavaScript closures over a Map scope, so no
 * spec text is ever evaluated by mathjs. Every intermediate value must be
 * a finite real number.
 */
import type { MathNode } from 'mathjs';
import { Codes } from '../semantics/codes';
import { closestMatch, listNames } from '../syntax/suggest';
import type { Span } from '../text';
import { ALLOWED_FUNCTIONS, power } from './functions';
import { locateName, locateText } from './locate';
import { parseMathExpression } from './parser';

/** A problem with an expression; `span` is relative to the expression text. */
export interface ExpressionError {
  code: string;
  message: string;
  span?: Span;
  /** Name to write instead of the one at `span`, for a quick fix. */
  replacement?: string;
}

export type EvaluationResult = { ok: true; value: number } | ({ ok: false } & ExpressionError);

export interface CompiledExpression {
  text: string;
  /** Names of the symbols the expression reads, each once, in order of first use. */
  symbols: string[];
  evaluate(scope: ReadonlyMap<string, number>): EvaluationResult;
}

export type CompileResult = { ok: true; expression: CompiledExpression } | ({ ok: false } & ExpressionError);

type Evaluator = (scope: ReadonlyMap<string, number>) => number;

/** Thrown inside compiled closures and while compiling; caught at the API boundary. */
class ExpressionFailure extends Error {
  constructor(readonly detail: ExpressionError) {
    super(detail.message);
  }
}

const BINARY_OPERATORS: ReadonlyMap<string, (a: number, b: number) => number> = new Map([
  ['add', (a: number, b: number) => a + b],
  ['subtract', (a: number, b: number) => a - b],
  ['multiply', (a: number, b: number) => a * b],
  ['divide', (a: number, b: number) => a / b],
  ['pow', power],
  ['mod', (a: number, b: number) => a - b * Math.floor(a / b)],
]);

const ALLOWED_FUNCTION_NAMES = [...ALLOWED_FUNCTIONS.keys()];

/** Rejected node types, with the characters that locate them and the message. */
const REJECTED_NODES: Record<string, { needles: string[]; message: string }> = {
  AssignmentNode: { needles: ['='], message: 'Assignment is not allowed in an expression; declare parameters with `let NAME = VALUE`.' },
  FunctionAssignmentNode: { needles: ['='], message: 'Function definitions are not allowed in an expression.' },
  AccessorNode: { needles: ['.', '['], message: 'Property access and indexing are not allowed in an expression.' },
  IndexNode: { needles: ['.', '['], message: 'Indexing is not allowed in an expression.' },
  ArrayNode: { needles: ['['], message: 'Matrices and lists are not allowed inside an expression; a list of values is written `[a, b]` as a whole value only.' },
  ObjectNode: { needles: ['{'], message: 'Objects are not allowed in an expression.' },
  RangeNode: { needles: [':'], message: 'Ranges (`a:b`) are not allowed in an expression; list the values as `[a, b, c]`.' },
  ConditionalNode: { needles: ['?'], message: 'Conditional expressions (`a ? b : c`) are not allowed.' },
  RelationalNode: { needles: ['<', '>', '='], message: 'Comparisons are not allowed inside an expression; a claim compares two terms: `claim LEFT < RIGHT`.' },
  BlockNode: { needles: [';', '\n'], message: 'An expression must be a single expression, not a block of several.' },
};

function fail(detail: ExpressionError): never {
  throw new ExpressionFailure(detail);
}

function checkFinite(value: number, node: MathNode): number {
  if (!Number.isFinite(value)) {
    fail({ code: Codes.notFinite, message: `\`${node.toString()}\` is not a finite real number (it evaluates to ${value}).` });
  }
  return value;
}

class Compiler {
  readonly symbols: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly text: string) {}

  compile(node: MathNode): Evaluator {
    switch (node.type) {
      case 'ConstantNode':
        return this.compileConstant(node as unknown as { value: unknown } & MathNode);
      case 'SymbolNode':
        return this.compileSymbol((node as unknown as { name: string }).name);
      case 'ParenthesisNode':
        return this.compile((node as unknown as { content: MathNode }).content);
      case 'OperatorNode':
        return this.compileOperator(node as unknown as OperatorNodeShape);
      case 'FunctionNode':
        return this.compileFunction(node as unknown as FunctionNodeShape);
      default:
        return this.reject(node.type);
    }
  }

  private reject(type: string): never {
    const known = REJECTED_NODES[type];
    if (known) {
      fail({ code: Codes.constructNotAllowed, message: known.message, span: locateText(this.text, known.needles) });
    }
    fail({ code: Codes.constructNotAllowed, message: `This construct (${type}) is not allowed in an expression.` });
  }

  private compileConstant(node: { value: unknown } & MathNode): Evaluator {
    const value = node.value;
    if (typeof value === 'string') {
      fail({ code: Codes.constructNotAllowed, message: 'Strings are not allowed in an expression.', span: locateText(this.text, ['"', "'"]) });
    }
    if (typeof value !== 'number') {
      fail({ code: Codes.constructNotAllowed, message: `\`${String(value)}\` is not a number; only numbers are allowed.`, span: locateName(this.text, String(value)) });
    }
    if (!Number.isFinite(value)) {
      const reason = Number.isNaN(value) ? 'is not a number' : 'is too large (the largest finite number is about 1.8e308)';
      fail({ code: Codes.notFinite, message: `\`${node.toString()}\` ${reason}.` });
    }
    return () => value;
  }

  private compileSymbol(name: string): Evaluator {
    if (!this.seen.has(name)) {
      this.seen.add(name);
      this.symbols.push(name);
    }
    const text = this.text;
    return (scope) => {
      const value = scope.get(name);
      if (value === undefined) {
        const suggestion = closestMatch(name, scope.keys());
        const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
        fail({ code: Codes.unknownName, message: `Unknown name \`${name}\`.${hint}`, span: locateName(text, name), replacement: suggestion });
      }
      return value;
    };
  }

  private compileOperator(node: OperatorNodeShape): Evaluator {
    if (node.isPercentage) {
      fail({ code: Codes.constructNotAllowed, message: 'Percentages (`50%`) are not allowed; write the fraction (`0.5`).', span: locateText(this.text, ['%']) });
    }
    if (node.implicit) {
      fail({
        code: Codes.constructNotAllowed,
        message: `Implicit multiplication (\`${node.toString()}\`) is not allowed, and units are not supported; write \`*\` between factors.`,
      });
    }
    const args = node.args.map((argument) => this.compile(argument));
    if (args.length === 1 && (node.fn === 'unaryMinus' || node.fn === 'unaryPlus')) {
      const [operand] = args;
      return node.fn === 'unaryMinus' ? (scope) => -operand(scope) : operand;
    }
    const apply = BINARY_OPERATORS.get(node.fn);
    if (!apply || args.length !== 2) {
      fail({
        code: Codes.constructNotAllowed,
        message: `The operator \`${node.op}\` is not allowed; use + - * / ^ and %.`,
        span: locateText(this.text, [node.op]),
      });
    }
    const [left, right] = args;
    return (scope) => checkFinite(apply(left(scope), right(scope)), node as unknown as MathNode);
  }

  private compileFunction(node: FunctionNodeShape): Evaluator {
    if (node.fn.type !== 'SymbolNode') {
      fail({ code: Codes.constructNotAllowed, message: 'Only named functions can be called, such as `sqrt(x)`.' });
    }
    const name = node.fn.name;
    const allowed = ALLOWED_FUNCTIONS.get(name);
    const span = locateName(this.text, name);
    if (!allowed) {
      const suggestion = closestMatch(name, ALLOWED_FUNCTION_NAMES);
      const hint = suggestion ? `Did you mean \`${suggestion}\`? ` : '';
      fail({
        code: Codes.functionNotAllowed,
        message: `The function \`${name}\` is not allowed. ${hint}Allowed functions: ${listNames(ALLOWED_FUNCTION_NAMES)}.`,
        span,
        replacement: suggestion,
      });
    }
    const count = node.args.length;
    if (count < allowed.minArguments || count > allowed.maxArguments) {
      const expected =
        allowed.maxArguments === Infinity
          ? `at least ${allowed.minArguments}`
          : allowed.minArguments === allowed.maxArguments
            ? `${allowed.minArguments}`
            : `${allowed.minArguments} or ${allowed.maxArguments}`;
      fail({ code: Codes.wrongArgumentCount, message: `\`${name}\` takes ${expected} argument(s), but ${count} were given.`, span });
    }
    const args = node.args.map((argument) => this.compile(argument));
    return (scope) => checkFinite(allowed.apply(args.map((argument) => argument(scope))), node as unknown as MathNode);
  }
}

interface OperatorNodeShape {
  op: string;
  fn: string;
  args: MathNode[];
  implicit: boolean;
  isPercentage?: boolean;
  toString(): string;
}

interface FunctionNodeShape {
  fn: MathNode & { name: string };
  args: MathNode[];
}

/** Describes a failure that is not an ExpressionFailure (mathjs syntax errors, stack overflow). */
function describeThrown(error: unknown): ExpressionError {
  if (error instanceof ExpressionFailure) {
    return error.detail;
  }
  if (error instanceof RangeError) {
    return { code: Codes.nestingTooDeep, message: 'The expression is nested too deeply to analyse; simplify it.' };
  }
  if (error instanceof SyntaxError) {
    const position = (error as SyntaxError & { char?: number }).char;
    const message = error.message.replace(/\s*\(char \d+\)\s*$/, '');
    const span = typeof position === 'number' && position >= 1 ? { start: position - 1, end: position } : undefined;
    return { code: Codes.expressionSyntax, message: `Invalid expression: ${message}.`, span };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: Codes.expressionSyntax, message: `Invalid expression: ${message}.` };
}

/** Most cached compilations; the cache is cleared when it grows past this. */
const CACHE_LIMIT = 20_000;
const cache = new Map<string, CompileResult>();

/** Parses and checks an expression, with results cached by text. */
export function compileExpression(text: string): CompileResult {
  const cached = cache.get(text);
  if (cached) {
    return cached;
  }
  const result = compileUncached(text);
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  cache.set(text, result);
  return result;
}

function compileUncached(text: string): CompileResult {
  if (text.trim().length === 0) {
    return { ok: false, code: Codes.expressionSyntax, message: 'Expected an expression.' };
  }
  try {
    const compiler = new Compiler(text);
    const evaluator = compiler.compile(parseMathExpression(text));
    const expression: CompiledExpression = {
      text,
      symbols: compiler.symbols,
      evaluate(scope) {
        try {
          const value = evaluator(scope);
          if (!Number.isFinite(value)) {
            return { ok: false, code: Codes.notFinite, message: `The expression evaluates to ${value}, not a finite real number.` };
          }
          return { ok: true, value };
        } catch (error) {
          return { ok: false, ...describeThrown(error) };
        }
      },
    };
    return { ok: true, expression };
  } catch (error) {
    return { ok: false, ...describeThrown(error) };
  }
}
