import { describe, expect, it } from 'vitest';
import type { ExperimentNode, ModelNode, SettingNode, SweepNode } from '../../server/src/core/syntax/ast';
import { nodeAt } from '../../server/src/core/syntax/node-at';
import { parse } from '../../server/src/core/syntax/parser';
import { tokenize } from '../../server/src/core/syntax/tokens';
import { analyze, applyFirstFix, BASE_BODY, covered, experiment, spec } from './helpers';

const FULL = `# header comment
experiment defaults {
  sources K = 5
  samples n = 500
  confidence delta = 0.05
  model gaussian {
    dim D = 10
    similarity sim = 0.5
    mean_bound B = K + 1
  }
  bound mle_bracketing { constant C = 3 }
  claim multi <= single
  claim ratio <= sqrt(0.8)
  check { seeds = [3, 33]; test_samples = 500; time_limit = 60 }
}

experiment weighted extends defaults {
  sources { web = 0.5; books = 0.3; code = 0.2 }
  samples per_source m = 100
  let scale = 2
  sweep m in [100 * scale, 1000]
}
`;

describe('parser constructs', () => {
  const { tree, diagnostics } = parse(FULL);

  it('parses a full spec without diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(tree.experiments.map((node) => node.name?.name)).toEqual(['defaults', 'weighted']);
    expect(tree.experiments[1].parent?.name).toBe('defaults');
  });

  it('keeps every statement kind', () => {
    expect(tree.experiments[0].statements.map((statement) => statement.kind)).toEqual([
      'setting',
      'setting',
      'setting',
      'model',
      'bound',
      'claim',
      'claim',
      'check',
    ]);
    expect(tree.experiments[1].statements.map((statement) => statement.kind)).toEqual(['sourcesBlock', 'setting', 'let', 'sweep']);
  });

  it('gives settings their symbol, value and spans', () => {
    const sources = tree.experiments[0].statements[0] as SettingNode;
    expect(sources.symbol?.name).toBe('K');
    expect(sources.value?.kind).toBe('expression');
    expect(covered(FULL, { span: sources.span } as never)).toBe('sources K = 5');
    const perSource = tree.experiments[1].statements[1] as SettingNode;
    expect(perSource.qualifier?.name).toBe('per_source');
    expect(perSource.symbol?.name).toBe('m');
  });

  it('parses model entries and expressions as text', () => {
    const model = tree.experiments[0].statements[3] as ModelNode;
    expect(model.modelClass?.name).toBe('gaussian');
    const entries = model.block?.entries ?? [];
    expect(entries.map((entry) => [entry.key.name, entry.symbol?.name, entry.value?.kind === 'expression' ? entry.value.text : undefined])).toEqual([
      ['dim', 'D', '10'],
      ['similarity', 'sim', '0.5'],
      ['mean_bound', 'B', 'K + 1'],
    ]);
  });

  it('parses sweep lists with expressions', () => {
    const sweep = tree.experiments[1].statements[3] as SweepNode;
    expect(sweep.symbol?.name).toBe('m');
    expect(sweep.values?.items.map((item) => item.text)).toEqual(['100 * scale', '1000']);
  });

  it('accepts statements without a symbol and separated by semicolons', () => {
    const result = parse('experiment a { sources = 3; samples = 10; model gaussian { dim = 2 } }');
    expect(result.diagnostics).toEqual([]);
    const setting = result.tree.experiments[0].statements[0] as SettingNode;
    expect(setting.symbol).toBeUndefined();
  });

  it('parses bound without a block and lists across lines', () => {
    const result = parse('experiment a {\n  bound paper\n  sweep n in [\n    1,\n    2\n  ]\n}');
    expect(result.diagnostics).toEqual([]);
    expect((result.tree.experiments[0].statements[1] as SweepNode).values?.items.length).toBe(2);
  });

  it('exposes the token stream with comments and keywords', () => {
    const tokens = tokenize('experiment a { # note\n sources K = 5 }');
    expect(tokens.map((token) => token.kind)).toEqual([
      'keyword',
      'identifier',
      'punctuation',
      'comment',
      'keyword',
      'identifier',
      'operator',
      'number',
      'punctuation',
    ]);
  });

  it('finds the innermost node at an offset', () => {
    const offset = FULL.indexOf('K + 1') + 4;
    const path = nodeAt(tree, offset);
    const kinds = path.map((node) => node.kind);
    expect(kinds[0]).toBe('spec');
    expect(kinds).toContain('model');
    expect(path[path.length - 1].kind).toBe('expression');
    expect(nodeAt(tree, FULL.indexOf('weighted') + 2).at(-1)?.kind).toBe('identifier');
  });
});

describe('parser error recovery', () => {
  function single(text: string) {
    const result = analyze(text);
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`)).toHaveLength(1);
    return result.diagnostics[0];
  }

  it('reports a misspelt keyword once with a fix', () => {
    const text = spec(experiment('a', ['sorces K = 5', ...BASE_BODY.slice(1)]));
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB004');
    expect(covered(text, diagnostic)).toBe('sorces');
    expect(diagnostic.message).toContain('Did you mean `sources`?');
    const fixed = applyFirstFix(text, diagnostic);
    expect(analyze(fixed).diagnostics).toEqual([]);
  });

  it('resumes after a broken statement and analyses the rest', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'let x = (1 + 2', 'sweep n in [100, 200]']));
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB005');
    const result = analyze(text);
    expect(result.experiments[0].points.map((point) => point.point.n)).toEqual([100, 200]);
  });

  it('points a block key to its block', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'dim D = 10']));
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB004');
    expect(diagnostic.message).toContain('`model gaussian { dim ... }`');
  });

  it('reports a missing equals sign with an insert fix', () => {
    const text = spec(experiment('a', ['sources K 5', ...BASE_BODY.slice(1)]));
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB003');
    expect(diagnostic.message).toContain('`=`');
    expect(analyze(applyFirstFix(text, diagnostic)).diagnostics).toEqual([]);
  });

  it('reports a missing separator between statements once', () => {
    const text = spec(experiment('a', ['sources K = 5 samples n = 500', BASE_BODY[2]]));
    const diagnostic = single(text);
    expect(diagnostic.message).toContain('before `samples`');
    expect(analyze(text).experiments[0].points).toHaveLength(1);
  });

  it('reports a missing closing brace at the end and keeps the experiment', () => {
    const text = `experiment a {\n  ${BASE_BODY.join('\n  ')}\n`;
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB005');
    expect(diagnostic.related?.[0].span.start).toBe(text.indexOf('{'));
    expect(analyze(text).experiments[0].points).toHaveLength(1);
  });

  it('keeps the next experiment after an unclosed one', () => {
    const text = `experiment a {\n  ${BASE_BODY.join('\n  ')}\nexperiment b extends a {\n  samples n = 100\n}\n`;
    const result = analyze(text);
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['MSB005']);
    expect(result.experiments.map((entry) => entry.experiment.name)).toEqual(['a', 'b']);
    expect(result.experiments[1].points[0].point.n).toBe(100);
  });

  it('reports an invalid character once', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'let x = 1 @@ 2']));
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB001');
    expect(covered(text, diagnostic)).toBe('@@');
  });

  it('reports an unterminated string once', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'check {', '  seeds = "3', '}']));
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB002');
  });

  it('reports unknown top-level words once per statement', () => {
    const text = 'experimnt a {\n  sources K = 5\n}\n';
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB004');
    expect(diagnostic.message).toContain('Did you mean `experiment`?');
  });

  it('reports a missing comparison in a claim', () => {
    const text = spec(experiment('a', [...BASE_BODY, 'claim multi = single']));
    const diagnostic = single(text);
    expect(diagnostic.message).toContain('comparison');
  });

  it('caps nesting depth with one diagnostic', () => {
    const text = spec(experiment('a', [...BASE_BODY, `let x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}`]));
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB006');
  });

  it('survives ten thousand nested braces', () => {
    const result = parse(`experiment a {${'{'.repeat(10_000)}`);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.length).toBeLessThanOrEqual(2);
  });

  it('rejects over-long expressions', () => {
    const text = spec(experiment('a', [...BASE_BODY, `let x = ${'1+'.repeat(6_000)}1`]));
    const diagnostic = single(text);
    expect(diagnostic.code).toBe('MSB007');
  });

  it('gives every experiment node a span covering its text', () => {
    const text = spec(experiment('a', BASE_BODY), experiment('b', ['samples n = 3'], 'a'));
    const nodes: ExperimentNode[] = parse(text).tree.experiments;
    expect(text.slice(nodes[0].span.start, nodes[0].span.end).startsWith('experiment a {')).toBe(true);
    expect(text.slice(nodes[1].span.start, nodes[1].span.end).endsWith('}')).toBe(true);
  });
});
