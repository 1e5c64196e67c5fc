import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from './helpers';

function load(name: string) {
  const text = readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');
  return { text, analysis: analyze(text) };
}

describe('examples/explicit.msb', () => {
  const { text, analysis } = load('explicit.msb');

  it('uses the explicit preset with C = 3', () => {
    const point = analysis.experiments[0].points[0].point;
    expect([point.preset, point.C, point.delta, point.n]).toEqual(['mle_bracketing', 3, 0.05, 20000]);
  });

  it('warns only about the vacuous sweep point', () => {
    expect(analysis.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['MSB101']);
    const warning = analysis.diagnostics[0];
    expect(warning.severity).toBe('warning');
    expect(text.slice(warning.span.start, warning.span.end)).toContain('explicit_vacuous');
    const bounds = analysis.experiments[1].points.map((entry) => entry.bounds);
    expect(bounds.map((report) => report?.single.vacuous)).toEqual([true, false, false]);
  });
});

describe('examples/weighted.msb', () => {
  const { analysis } = load('weighted.msb');

  it('has no diagnostics', () => {
    expect(analysis.diagnostics).toEqual([]);
  });

  it('resolves named weighted sources and per-source samples', () => {
    const point = analysis.experiments[0].points[0].point;
    expect(point.sourceNames).toEqual(['web', 'books', 'code']);
    expect(point.weights).toEqual([0.5, 0.3, 0.2]);
    expect([point.K, point.perSource, point.n]).toEqual([3, 100, 300]);
    expect(point.check.seeds).toEqual([0, 1, 2, 3, 4]);
    expect(analysis.experiments[1].points.map((entry) => entry.point.n)).toEqual([300, 900, 3000]);
  });
});
