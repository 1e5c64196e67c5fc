/**
 * The mathjs parser, from an instance of its own that holds only what
 * parsing needs (no evaluation functions, units or constants) and reads
 * numbers as plain JavaScript numbers. Specs never reach mathjs's evaluate;
 * the tree is checked and compiled by `compile.ts`.
 */
import { create, parseDependencies, type MathNode } from 'mathjs';

const math = create({ parseDependencies }, { number: 'number' });

/** Parses an expression with mathjs; throws mathjs's SyntaxError on invalid syntax. */
export function parseMathExpression(text: string): MathNode {
  return math.parse(text);
}
