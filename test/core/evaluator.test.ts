import { describe, expect, it } from 'vitest';
import { evaluateExpression, referencedSymbols } from '../../server/src/core/expr';

const scope = new Map<string, number>([
  ['x', 2],
  ['K', 5],
  ['D', 10],
  ['sim', 0.57],
]);

function value(text: string, symbols: ReadonlyMap<string, number> = scope): number {
  const result = evaluateExpression(text, symbols);
  if (!result.ok) {
    throw new Error(`${text}: ${result.message}`);
  }
  return result.value;
}

function rejection(text: string, symbols: ReadonlyMap<string, number> = scope): { message: string; code: string } {
  const result = evaluateExpression(text, symbols);
  if (result.ok) {
    throw new Error(`${text} was accepted with value ${result.value}`);
  }
  return result;
}

describe('evaluator arithmetic', () => {
  it('applies operator precedence', () => {
    expect(value('1 + 2 * 3')).toBe(7);
    expect(value('-x^2')).toBe(-4);
    expect(value('2^-1')).toBe(0.5);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('7 % 3')).toBe(1);
    expect(value('-7 % 3')).toBe(2);
    expect(value('+x')).toBe(2);
  });

  it('reads symbols from the scope', () => {
    expect(value('K * D')).toBe(50);
    expect(value('sqrt(K * D / 500)')).toBeCloseTo(Math.sqrt(0.1), 15);
  });

  it('calls every allowed function', () => {
    expect(value('abs(-3)')).toBe(3);
    expect(value('sqrt(16)')).toBe(4);
    expect(value('cbrt(-27)')).toBe(-3);
    expect(value('exp(0)')).toBe(1);
    expect(value('log(exp(2))')).toBeCloseTo(2, 15);
    expect(value('log(8, 2)')).toBeCloseTo(3, 15);
    expect(value('log2(8)')).toBe(3);
    expect(value('log10(1000)')).toBeCloseTo(3, 15);
    expect(value('log1p(0)')).toBe(0);
    expect(value('min(3, 1, 2)')).toBe(1);
    expect(value('max(3, 1, 2)')).toBe(3);
    expect(value('pow(2, 10)')).toBe(1024);
    expect(value('sign(-4)')).toBe(-1);
  });

  it('lists referenced symbols once each', () => {
    expect(referencedSymbols('K * D + K - sqrt(x)')).toEqual(['K', 'D', 'x']);
    expect(referencedSymbols('sqrt(')).toEqual([]);
  });
});

describe('evaluator integer snapping', () => {
  it('snaps floor and ceil within 1e-9', () => {
    expect(0.57 * 100).toBeLessThan(57);
    expect(value('floor(0.57 * 100)')).toBe(57);
    expect(value('floor(sim * 100)')).toBe(57);
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(value('ceil(0.07 * 100)')).toBe(7);
  });

  it('leaves values far from an integer alone', () => {
    expect(value('floor(56.5)')).toBe(56);
    expect(value('ceil(56.5)')).toBe(57);
    expect(value('floor(56.999)')).toBe(56);
  });

  it('rounds halves away from zero', () => {
    expect(value('round(2.5)')).toBe(3);
    expect(value('round(-2.5)')).toBe(-3);
    expect(value('round(2.4999)')).toBe(2);
  });
});

describe('evaluator rejects hostile expressions', () => {
  const hostile: [string, string][] = [
    ['import({}, {})', 'MSB013'],
    ["createUnit('foo')", 'MSB013'],
    ['evaluate("1")', 'MSB013'],
    ['parse("1")', 'MSB013'],
    ['f(x) = x', 'MSB011'],
    ['a = 1', 'MSB011'],
    ['[1,2]', 'MSB011'],
    ['{a: 1}', 'MSB011'],
    ['x[1]', 'MSB011'],
    ['"str"', 'MSB011'],
    ['5 m', 'MSB011'],
    ['2 K', 'MSB011'],
    ['sqrt(-1)', 'MSB015'],
    ['log(-1)', 'MSB015'],
    ['log(0)', 'MSB015'],
    ['1/0', 'MSB015'],
    ['0/0', 'MSB015'],
    ['1e308*10', 'MSB015'],
    ['1e400', 'MSB015'],
    ['1/(1e308*10)', 'MSB015'],
    ['(-8)^(1/3)', 'MSB015'],
    ['NaN', 'MSB015'],
    ['Infinity', 'MSB015'],
    ['cos.constructor', 'MSB011'],
    ['(1).constructor', 'MSB011'],
    ['f = typed(1)', 'MSB011'],
    ['x ? 1 : 2', 'MSB011'],
    ['1:3', 'MSB011'],
    ['e', 'MSB012'],
    ['i', 'MSB012'],
    ['pi', 'MSB012'],
    ['phi', 'MSB012'],
    ['kelvin', 'MSB012'],
    ['true', 'MSB011'],
    ['50%', 'MSB011'],
    ['x == 1', 'MSB011'],
    ['x < 1', 'MSB011'],
    ['3!', 'MSB011'],
    ["x'", 'MSB011'],
    ['x .* 2', 'MSB011'],
    ['x and 1', 'MSB011'],
    ['5 cm to inch', 'MSB011'],
    ['cos(1)', 'MSB013'],
    ['sqrt(1, 2)', 'MSB014'],
    ['log()', 'MSB014'],
    ['min()', 'MSB014'],
    ['sqrt(', 'MSB010'],
    ['1 +', 'MSB010'],
    ['', 'MSB010'],
    ['1; 2', 'MSB011'],
    ['(sqrt)(4)', 'MSB011'],
  ];

  for (const [text, code] of hostile) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      expect(rejection(text).code).toBe(code);
    });
  }

  it('rejects K when no K is in scope', () => {
    const result = rejection('2 * K', new Map());
    expect(result.code).toBe('MSB012');
    expect(result.message).toContain('`K`');
  });

  it('points at the unknown name', () => {
    const result = evaluateExpression('K + simm', scope);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.span).toEqual({ start: 4, end: 8 });
      expect(result.message).toContain('Did you mean `sim`');
    }
  });

  it('suggests the closest allowed function', () => {
    const result = rejection('sqr(4)');
    expect(result.message).toContain('`sqrt`');
  });

  it('survives deep nesting without a stack overflow', () => {
    const deep = '('.repeat(20_000) + '1' + ')'.repeat(20_000);
    expect(rejection(deep).code).toBe('MSB006');
    const unary = '-'.repeat(50_000) + '1';
    const result = evaluateExpression(unary, scope);
    if (!result.ok) {
      expect(result.code).toBe('MSB006');
    } else {
      expect(result.value).toBe(1);
    }
  });
});
