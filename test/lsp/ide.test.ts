/**
 * Unit tests of the editor features in core/ide, on texts analysed by the
 * real front end and bound engine.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import {
  buildIdeDocument,
  codeActionsFor,
  codeLensesFor,
  completionsAt,
  definitionAt,
  documentSymbolsFor,
  foldingRangesFor,
  hoverAt,
  inlayHintsFor,
  referencesAt,
  renameAt,
  semanticTokensFor,
  signatureHelpAt,
  type IdeDocument,
} from '../../server/src/core/ide';
import type { TextEdit } from '../../server/src/core/diagnostics';

const SPEC = `experiment defaults {
  sources K = 5
  samples n = 500
  model gaussian {
    dim D = 10
    shared d_sim = 5
  }
  bound paper
  claim multi < single
  claim single <= 0.2
}

experiment vary extends defaults {
  sweep K in [1, 3, 5, 10, 15]
  claim ratio <= sqrt(1 - (K - 1) * 0.5 / K) + 1e-9
}
`;

function document(text: string): IdeDocument {
  return buildIdeDocument(text, analyze(text));
}

function at(text: string, needle: string, delta = 0): number {
  const index = text.indexOf(needle);
  expect(index, needle).toBeGreaterThanOrEqual(0);
  return index + delta;
}

function apply(text: string, edits: TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  }
  return result;
}

describe('hover', () => {
  it('shows sweep bounds as a table on a sweep line', () => {
    const hover = hoverAt(document(SPEC), at(SPEC, 'sweep K', 2));
    expect(hover?.markdown).toContain('| K | single | multi | ratio |');
    // K = 15: sqrt(15 * 10 / 500) and sqrt((14 * 5 + 10) / 500).
    expect(hover?.markdown).toContain(`| 15 | ${Math.sqrt(150 / 500).toPrecision(6).replace(/0+$/, '')} | ${Math.sqrt(80 / 500).toPrecision(6).replace(/0+$/, '')} |`);
  });

  it('shows the value of a symbol in an expression', () => {
    const text = SPEC.replace('samples n = 500', 'samples n = 100 * K');
    const hover = hoverAt(document(text), at(text, '100 * K', 6));
    expect(hover?.markdown).toBe('`K` = 5');
  });
});

describe('inlay hints', () => {
  it('summarise a sweep and truncate long labels', () => {
    const doc = document(SPEC);
    const sweepLine = inlayHintsFor(doc).find((hint) => hint.label.startsWith('K:'));
    const digits = (value: number): string => String(Number(value.toPrecision(3)));
    expect(sweepLine?.label).toBe(`K: single ${digits(Math.sqrt(10 / 500))}..${digits(Math.sqrt(150 / 500))}  multi ${digits(Math.sqrt(10 / 500))}..${digits(Math.sqrt(80 / 500))} (5 points)`);
    const short = inlayHintsFor(doc, { maxLength: 12 });
    expect(short.every((hint) => hint.label.length <= 12)).toBe(true);
    expect(short.some((hint) => hint.label.endsWith('…'))).toBe(true);
  });

  it('mark each claim with its status', () => {
    const labels = inlayHintsFor(document(SPEC)).map((hint) => hint.label);
    expect(labels.filter((label) => label === 'proved').length).toBe(2);
    expect(labels).toContain('refuted');
  });
});

describe('navigation', () => {
  it('goes from extends to the parent', () => {
    const doc = document(SPEC);
    expect(definitionAt(doc, at(SPEC, 'extends defaults', 9))).toEqual([{ start: at(SPEC, 'defaults'), end: at(SPEC, 'defaults') + 8 }]);
  });

  it('goes from a use of K to the sources statement', () => {
    const doc = document(SPEC);
    const use = at(SPEC, '(K - 1)', 1);
    expect(definitionAt(doc, use)).toEqual([{ start: at(SPEC, 'K = 5'), end: at(SPEC, 'K = 5') + 1 }]);
    const references = referencesAt(doc, use, true).map((span) => SPEC.slice(span.start, span.end));
    expect(references).toEqual(['K', 'K', 'K', 'K']);
  });

  it('renames a symbol across the family and keeps the numbers', () => {
    const doc = document(SPEC);
    const result = renameAt(doc, at(SPEC, 'K = 5'), 'sources_count');
    expect('edits' in result).toBe(true);
    const renamed = apply(SPEC, (result as { edits: TextEdit[] }).edits);
    expect(renamed).toContain('sources sources_count = 5');
    expect(renamed).toContain('sweep sources_count in');
    const before = analyze(SPEC).experiments.map((entry) => entry.points.map((point) => point.bounds?.multi.value));
    const after = analyze(renamed).experiments.map((entry) => entry.points.map((point) => point.bounds?.multi.value));
    expect(after).toEqual(before);
    expect(analyze(renamed).diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length).toBe(
      analyze(SPEC).diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
    );
  });

  it('renames an experiment and its extends references', () => {
    const result = renameAt(document(SPEC), at(SPEC, 'defaults'), 'base');
    const renamed = apply(SPEC, (result as { edits: TextEdit[] }).edits);
    expect(renamed).toContain('experiment base {');
    expect(renamed).toContain('extends base {');
  });

  it('rejects reserved and taken names', () => {
    expect(renameAt(document(SPEC), at(SPEC, 'K = 5'), 'model')).toHaveProperty('error');
    expect(renameAt(document(SPEC), at(SPEC, 'K = 5'), 'D')).toHaveProperty('error');
    expect(renameAt(document(SPEC), at(SPEC, 'defaults'), 'vary')).toHaveProperty('error');
    expect(renameAt(document(SPEC), at(SPEC, 'K = 5'), '1x')).toHaveProperty('error');
  });

  it('inserts the symbol of a default binding when renaming it', () => {
    const text = SPEC.replace('dim D = 10', 'dim = 10').replace('claim single <= 0.2', 'claim single <= D / 50');
    const result = renameAt(document(text), at(text, 'D / 50'), 'dimension');
    const renamed = apply(text, (result as { edits: TextEdit[] }).edits);
    expect(renamed).toContain('dim dimension = 10');
    expect(renamed).toContain('claim single <= dimension / 50');
  });
});

describe('completion', () => {
  it('offers statement keywords in an experiment body', () => {
    const text = 'experiment a {\n  \n}\n';
    const labels = completionsAt(document(text), 17).map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['sources', 'samples', 'model', 'bound', 'claim', 'check', 'sweep', 'let']));
  });

  it('offers model classes after model and presets after bound', () => {
    const models = 'experiment a {\n  model \n}\n';
    expect(completionsAt(document(models), at(models, 'model ', 6)).map((item) => item.label)).toEqual(['gaussian', 'autoregressive', 'energy']);
    const bounds = 'experiment a {\n  bound \n}\n';
    expect(completionsAt(document(bounds), at(bounds, 'bound ', 6)).map((item) => item.label)).toEqual(['paper', 'mle_bracketing']);
  });

  it('offers symbols in scope inside expressions', () => {
    const text = SPEC.replace('samples n = 500', 'samples n = 100 * ');
    const labels = completionsAt(document(text), at(text, '100 * ', 6)).map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['K', 'D', 'd_sim', 'sqrt']));
  });

  it('offers parents after extends', () => {
    const text = SPEC + 'experiment c extends ';
    expect(completionsAt(document(text), text.length).map((item) => item.label)).toEqual(expect.arrayContaining(['defaults', 'vary']));
  });

  it('offers nothing inside a comment', () => {
    const text = 'experiment a { # sour\n}\n';
    expect(completionsAt(document(text), at(text, 'sour', 4))).toEqual([]);
  });
});

describe('structure', () => {
  it('lists experiments with their model, sweeps and claims', () => {
    const symbols = documentSymbolsFor(document(SPEC));
    expect(symbols.map((symbol) => symbol.name)).toEqual(['defaults', 'vary']);
    expect(symbols[0].children.map((child) => child.name)).toEqual(['model gaussian', 'claim', 'claim']);
    expect(symbols[1].children.map((child) => child.name)).toEqual(['sweep K', 'claim']);
    expect(symbols[1].detail).toBe('extends defaults');
  });

  it('folds experiments and blocks', () => {
    const ranges = foldingRangesFor(document(SPEC));
    expect(ranges).toEqual(expect.arrayContaining([{ startLine: 0, endLine: 9 }, { startLine: 3, endLine: 5 }, { startLine: 12, endLine: 14 }]));
  });

  it('gives three code lenses per experiment', () => {
    const lenses = codeLensesFor(document(SPEC));
    expect(lenses.map((lens) => `${lens.experiment}:${lens.command}`)).toEqual([
      'defaults:msbound.runCheck',
      'defaults:msbound.showDerivation',
      'defaults:msbound.planSampleSize',
      'vary:msbound.runCheck',
      'vary:msbound.showDerivation',
      'vary:msbound.planSampleSize',
    ]);
  });

  it('colours names by role', () => {
    const tokens = semanticTokensFor(document(SPEC));
    const typeOf = (needle: string): string | undefined => tokens.find((token) => token.span.start === at(SPEC, needle))?.type;
    expect(typeOf('defaults')).toBe('class');
    expect(typeOf('gaussian')).toBe('type');
    expect(typeOf('paper')).toBe('enumMember');
    expect(typeOf('dim')).toBe('property');
    expect(typeOf('sqrt')).toBe('function');
  });

  it('shows the keys of a model block as signature help', () => {
    const help = signatureHelpAt(document(SPEC), at(SPEC, 'shared d_sim', 2));
    expect(help?.label).toContain('model gaussian {');
    expect(help?.parameters[help.activeParameter].label).toBe('shared d_sim');
  });
});

describe('code actions', () => {
  it('normalises weights that do not sum to 1', () => {
    const text = SPEC.replace('sources K = 5', 'sources { web = 0.5; books = 0.3; code = 0.3 }').replace('sweep K in [1, 3, 5, 10, 15]', 'sweep n in [100, 200]').replace(/claim ratio.*\n/, '');
    const doc = document(text);
    const diagnostic = doc.analysis.diagnostics.find((candidate) => candidate.code === 'MSB032');
    expect(diagnostic, JSON.stringify(doc.analysis.diagnostics)).toBeDefined();
    const actions = codeActionsFor(doc, diagnostic!.span);
    const fix = actions.find((action) => action.diagnosticIndex !== undefined && action.edits.length > 0);
    expect(fix).toBeDefined();
    const fixed = apply(text, fix!.edits);
    expect(analyze(fixed).diagnostics.some((candidate) => candidate.code === 'MSB032')).toBe(false);
  });

  it('offers the smallest n that makes a vacuous bound meaningful', () => {
    const text = SPEC.replace('samples n = 500', 'samples n = 20').replace('bound paper', 'bound mle_bracketing');
    const doc = document(text);
    const actions = codeActionsFor(doc, { start: at(text, 'samples'), end: at(text, 'samples') });
    const fix = actions.find((action) => /multi-source bound is at most 1$/.test(action.title));
    expect(fix, actions.map((action) => action.title).join(' | ')).toBeDefined();
    const n = Number(/Set n to (\d+)/.exec(fix!.title)![1]);
    const fixed = analyze(apply(text, fix!.edits));
    expect(fixed.experiments[0].points[0].bounds!.multi.value).toBeLessThanOrEqual(1);
    const smaller = analyze(apply(text, [{ span: fix!.edits[0].span, newText: String(n - 1) }]));
    expect(smaller.experiments[0].points[0].bounds!.multi.value).toBeGreaterThan(1);
  });
});
