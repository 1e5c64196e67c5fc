import { describe, expect, it } from 'vitest';
import { analyze, applyFirstFix, BASE_BODY, covered, experiment, spec } from './helpers';

function diagnosticsOf(text: string) {
  return analyze(text).diagnostics.map((diagnostic) => ({ code: diagnostic.code, text: covered(text, diagnostic), message: diagnostic.message, diagnostic }));
}

function only(text: string) {
  const found = diagnosticsOf(text);
  expect(found.map((entry) => `${entry.code} ${entry.message}`)).toHaveLength(1);
  return found[0];
}

describe('inheritance', () => {
  it('copies the parent and replaces keys the child sets', () => {
    const text = spec(
      experiment('base', [...BASE_BODY, 'confidence delta = 0.1', 'claim multi <= single']),
      experiment('child', ['samples n = 1000', 'claim ratio <= 1'], 'base'),
    );
    const result = analyze(text);
    expect(result.diagnostics).toEqual([]);
    const child = result.experiments[1];
    expect(child.points[0].point.n).toBe(1000);
    expect(child.points[0].point.K).toBe(5);
    expect(child.points[0].point.delta).toBe(0.1);
    expect(child.experiment.claims.map((claim) => claim.text)).toEqual(['claim multi <= single', 'claim ratio <= 1']);
    expect(child.experiment.claims[0].definedIn).toBe('base');
  });

  it('merges model blocks key by key', () => {
    const text = spec(experiment('base', BASE_BODY), experiment('child', ['model gaussian { dim D = 20 }'], 'base'));
    const point = analyze(text).experiments[1].points[0].point;
    expect(point.model).toEqual({ modelClass: 'gaussian', dim: 20, shared: 5, meanBound: 6 });
  });

  it('lets a child similarity replace an inherited shared', () => {
    const text = spec(experiment('base', BASE_BODY), experiment('child', ['model gaussian { similarity sim = 0.3 }'], 'base'));
    const result = analyze(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.experiments[1].points[0].point.model).toMatchObject({ shared: 3 });
  });

  it('follows chains of several generations', () => {
    const text = spec(experiment('a', BASE_BODY), experiment('b', ['samples n = 7'], 'a'), experiment('c', ['sources K = 2'], 'b'));
    const point = analyze(text).experiments[2].points[0].point;
    expect([point.K, point.n]).toEqual([2, 7]);
  });

  it('reports an unknown parent with a fix', () => {
    const text = spec(experiment('defaults', BASE_BODY), experiment('child', [], 'defualts'));
    const entry = only(text);
    expect(entry.code).toBe('MSB021');
    expect(entry.text).toBe('defualts');
    expect(entry.message).toContain('Did you mean `defaults`?');
    expect(analyze(applyFirstFix(text, entry.diagnostic)).diagnostics).toEqual([]);
  });

  it('reports a cycle once with related spans', () => {
    const text = spec(experiment('a', BASE_BODY, 'c'), experiment('b', [], 'a'), experiment('c', [], 'b'));
    const entry = only(text);
    expect(entry.code).toBe('MSB022');
    expect(entry.message).toContain('`a` extends `c` extends `b` extends `a`');
    expect(entry.diagnostic.related).toHaveLength(2);
  });

  it('reports self-extension as a cycle', () => {
    const text = spec(experiment('a', BASE_BODY, 'a'));
    expect(only(text).code).toBe('MSB022');
  });

  it('reports duplicate experiment names', () => {
    const text = spec(experiment('a', BASE_BODY), experiment('a', BASE_BODY));
    const entry = only(text);
    expect(entry.code).toBe('MSB020');
    expect(entry.diagnostic.related?.[0].span.start).toBe(text.indexOf('a {'));
  });
});

describe('keys and names', () => {
  it('reports duplicate keys at the second statement', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'samples n = 3']));
    const entry = only(text);
    expect(entry.code).toBe('MSB024');
    expect(entry.text).toBe('samples');
    expect(entry.diagnostic.span.start).toBe(text.lastIndexOf('samples'));
  });

  it('reports duplicate keys inside a block', () => {
    const text = spec(experiment('a', ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 10; dim = 3 }']));
    expect(only(text).code).toBe('MSB024');
  });

  it('suggests the closest model key', () => {
    const text = spec(experiment('a', ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 10; mean_bond B = 6 }']));
    const entry = only(text);
    expect(entry.code).toBe('MSB023');
    expect(entry.message).toContain('Did you mean `mean_bound`?');
    expect(analyze(applyFirstFix(text, entry.diagnostic)).diagnostics).toEqual([]);
  });

  it('suggests the closest check key', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'check { seed = 3 }']));
    expect(only(text).message).toContain('Did you mean `seeds`?');
  });

  it('suggests the closest model class and preset', () => {
    expect(only(spec(experiment('a', ['sources K = 5', 'samples n = 500', 'model gausian { dim D = 10 }']))).message).toContain('`gaussian`');
    expect(only(spec(experiment('a', [...BASE_BODY, 'bound mle_bracketting']))).code).toBe('MSB031');
  });

  it('reports unknown names in expressions with a fix', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'let x = 2 * KK']));
    const entry = only(text);
    expect(entry.code).toBe('MSB012');
    expect(entry.text).toBe('KK');
  });

  it('suggests claim quantities for misspelt claim terms', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'claim mutli <= single']));
    const entry = only(text);
    expect(entry.message).toContain('Did you mean `multi`?');
    expect(analyze(applyFirstFix(text, entry.diagnostic)).diagnostics).toEqual([]);
  });

  it('treats K as unknown when no sources are declared', () => {
    const text = spec(experiment('a', ['samples n = 500', 'model gaussian { dim D = 10; mean_bound B = 2 * K }']));
    const codes = diagnosticsOf(text).map((entry) => entry.code);
    expect(codes).toContain('MSB025');
    expect(codes).toContain('MSB012');
  });

  it('reports missing required settings once', () => {
    const text = spec(experiment('a', ['model gaussian { dim D = 10 }']));
    const entry = only(text);
    expect(entry.code).toBe('MSB025');
    expect(entry.message).toContain('`sources K = ...`');
    expect(entry.message).toContain('`samples n = ...`');
  });

  it('reports a symbol bound twice', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'let K = 3']));
    expect(only(text).code).toBe('MSB033');
  });

  it('reports shared together with similarity', () => {
    const text = spec(experiment('a', ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 10; shared d_sim = 2; similarity sim = 0.5 }']));
    expect(only(text).code).toBe('MSB036');
  });

  it('reports dependency cycles between bindings once', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'let x = y + 1', 'let y = z', 'let z = x']));
    const entry = only(text);
    expect(entry.code).toBe('MSB027');
    expect(entry.message).toContain('`x` -> `y` -> `z` -> `x`');
  });

  it('evaluates bindings in dependency order regardless of statement order', () => {
    const text = spec(experiment('a', ['let half = total / 2', 'let total = 1000', 'sources K = 5', 'samples n = half', 'model gaussian { dim D = 10 }']));
    const result = analyze(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.experiments[0].points[0].point.n).toBe(500);
  });

  it('reports sweeps over unknown symbols with a suggestion', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'sweep d_sm in [1, 2]']));
    const entry = only(text);
    expect(entry.code).toBe('MSB026');
    expect(entry.message).toContain('Did you mean `d_sim`?');
  });

  it('rejects sweeping a computed symbol', () => {
    const text = spec(experiment('a', ['sources K = 2', 'samples per_source m = 10', 'model gaussian { dim D = 1 }', 'sweep n in [1]']));
    const entry = only(text);
    expect(entry.code).toBe('MSB026');
    expect(entry.message).toContain('sweep `m` instead');
  });

  it('reports a list where a number is expected', () => {
    const text = spec(experiment('a', ['sources K = [1, 2]', 'samples n = 500', 'model gaussian { dim D = 10 }']));
    const entry = only(text);
    expect(entry.code).toBe('MSB029');
    expect(entry.message).toContain('sweep');
  });

  it('reports an empty sweep', () => {
    expect(only(spec(experiment('a', [...BASE_BODY, 'sweep n in []']))).code).toBe('MSB038');
  });

  it('reports duplicate source names', () => {
    const text = spec(experiment('a', ['sources { a = 0.5; b = 0.5; a = 0.2 }', 'samples n = 500', 'model gaussian { dim D = 10 }']));
    expect(only(text).code).toBe('MSB039');
  });

  it('reports a claim without a bound quantity', () => {
    expect(only(spec(experiment('a', [...BASE_BODY, 'claim 1 < 2']))).code).toBe('MSB037');
  });

  it('points at a rejected construct in the spec', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'let x = cos.constructor']));
    const entry = only(text);
    expect(entry.code).toBe('MSB011');
    expect(entry.text).toBe('.');
    expect(entry.diagnostic.span.start).toBe(text.indexOf('.constructor'));
  });

  it('reports implicit multiplication with a unit', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'let x = 5 m']));
    const entry = only(text);
    expect(entry.code).toBe('MSB011');
    expect(entry.message).toContain('write `*` between factors');
  });

  it('keeps the shared key of deep models apart from similarity', () => {
    const text = spec(experiment('a', ['sources K = 2', 'samples n = 100', 'model energy { shared = hidden; dim d = 1 }']));
    const found = analyze(text).diagnostics.filter((diagnostic) => diagnostic.code.startsWith('MSB0'));
    expect(found.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('reports an invalid name value', () => {
    const text = spec(experiment('a', ['sources K = 2', 'samples n = 100', 'model energy { activation = sigmoid }']));
    const entry = diagnosticsOf(text).find((candidate) => candidate.code === 'MSB029');
    expect(entry?.message).toContain('tanh or relu');
    expect(entry?.text).toBe('sigmoid');
  });

  it('accepts a spec of comments only', () => {
    expect(analyze('# nothing here\n\n# at all\n').diagnostics).toEqual([]);
  });

  it('reports an inherited mistake once', () => {
    const text = spec(experiment('base', [...BASE_BODY, 'let x = 2 * KK']), experiment('b', [], 'base'), experiment('c', [], 'base'));
    expect(only(text).code).toBe('MSB012');
  });
});

describe('value validation', () => {
  const cases: [string, string[], string, string][] = [
    ['K zero', ['sources K = 0', 'samples n = 500', 'model gaussian { dim D = 10 }'], '0', '1 <= K'],
    ['K fractional', ['sources K = 2.5', 'samples n = 500', 'model gaussian { dim D = 10 }'], '2.5', 'integer'],
    ['n negative', ['sources K = 5', 'samples n = -3', 'model gaussian { dim D = 10 }'], '-3', 'integer >= 1'],
    ['n NaN', ['sources K = 5', 'samples n = NaN', 'model gaussian { dim D = 10 }'], 'NaN', 'not a number'],
    ['n huge', ['sources K = 5', 'samples n = 1e308 * 10', 'model gaussian { dim D = 10 }'], '1e308 * 10', 'finite'],
    ['per_source zero', ['sources K = 5', 'samples per_source m = 0', 'model gaussian { dim D = 10 }'], '0', 'integer >= 1'],
    ['delta one', [...BASE_BODY, 'confidence delta = 1'], '1', '0 < delta < 1'],
    ['delta zero', [...BASE_BODY, 'confidence delta = 0'], '0', '0 < delta < 1'],
    ['D zero', ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 0 }'], '0', '1 <= D'],
    ['d_sim above D', ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 10; shared d_sim = 11 }'], '11', '0 <= d_sim <= D'],
    ['d_sim negative', ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 10; shared d_sim = -1 }'], '-1', '0 <= d_sim <= D'],
    ['sim above one', ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 10; similarity sim = 1.5 }'], '1.5', '0 <= sim <= 1'],
    ['B zero', ['sources K = 5', 'samples n = 500', 'model gaussian { dim D = 10; mean_bound B = 0 }'], '0', 'number > 0'],
    ['C negative', [...BASE_BODY, 'bound mle_bracketing { constant C = -1 }'], '-1', 'number > 0'],
    ['seed negative', [...BASE_BODY, 'check { seeds = [1, -1] }'], '-1', '[0, 2^32)'],
    ['seed too large', [...BASE_BODY, 'check { seeds = [2^32] }'], '2^32', '[0, 2^32)'],
    ['seed count zero', [...BASE_BODY, 'check { seeds = 0 }'], '0', '1 <= N'],
    ['test_samples fractional', [...BASE_BODY, 'check { test_samples = 0.5 }'], '0.5', 'integer'],
    ['weight zero', ['sources { a = 1; b = 0 }', 'samples n = 500', 'model gaussian { dim D = 10 }'], '0', 'number > 0'],
  ];

  for (const [name, lines, value, range] of cases) {
    it(`rejects ${name} at the value`, () => {
      const text = spec(experiment('a', lines));
      const found = diagnosticsOf(text);
      if (found.length !== 1) {
        console.log(found.map((entry) => `${entry.code} [${entry.text}] ${entry.message}`));
      }
      const entry = only(text);
      expect(entry.text).toBe(value);
      expect(entry.message).toContain(range);
    });
  }

  it('rejects weights that do not sum to one', () => {
    const text = spec(experiment('a', ['sources { a = 0.5; b = 0.6 }', 'samples n = 500', 'model gaussian { dim D = 10 }']));
    const entry = only(text);
    expect(entry.code).toBe('MSB032');
    expect(entry.message).toContain('1.1');
  });

  it('accepts weights that sum to one within 1e-9', () => {
    const text = spec(experiment('a', ['sources { a = 0.1; b = 0.2; c = 0.7 }', 'samples n = 500', 'model gaussian { dim D = 10 }']));
    const result = analyze(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.experiments[0].points[0].point.weights).toEqual([0.1, 0.2, 0.7]);
    expect(result.experiments[0].points[0].point.sourceNames).toEqual(['a', 'b', 'c']);
    expect(result.experiments[0].points[0].point.K).toBe(3);
  });

  it('snaps integer values within 1e-9', () => {
    const text = spec(experiment('a', ['sources K = 0.1 * 30', 'samples n = 500', 'model gaussian { dim D = 10 }']));
    const result = analyze(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.experiments[0].points[0].point.K).toBe(3);
  });
});
