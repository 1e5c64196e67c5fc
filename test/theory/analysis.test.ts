/**
 * The bound engine through `analyze`, as an editor or the command line
 * uses it: spec text in, theory diagnostics and claim results out.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import type { Diagnostic } from '../../server/src/core/diagnostics';

const SPEC = `experiment defaults {
  sources K = 5
  samples n = 500
  model gaussian {
    dim D = 10
    shared d_sim = 5
  }
  bound mle_bracketing { constant C = 3 }
  claim multi < single
  claim single <= 0.5
}

experiment vary_sources extends defaults {
  bound paper
  sweep K in [1, 3, 5, 10, 15]
}
`;

function theoryDiagnostics(text: string): Diagnostic[] {
  return analyze(text).diagnostics.filter((diagnostic) => diagnostic.code.startsWith('MSB1'));
}

function applyFix(text: string, diagnostic: Diagnostic): string {
  const [edit] = diagnostic.fixes![0].edits;
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}

describe('analyze with theory', () => {
  it('vacuous bound warns at the samples statement', () => {
    const vacuous = theoryDiagnostics(SPEC).filter((diagnostic) => diagnostic.code === 'MSB101');
    expect(vacuous).toHaveLength(1);
    expect(SPEC.slice(vacuous[0].span.start, vacuous[0].span.end)).toBe('samples n = 500');
    expect(vacuous[0].message).toContain('from n = 5,657 on');
  });

  it('applying the fix removes the warning', () => {
    const vacuous = theoryDiagnostics(SPEC).find((diagnostic) => diagnostic.code === 'MSB101')!;
    const fixed = applyFix(SPEC, vacuous);
    expect(fixed).toContain('samples n = 5657');
    expect(theoryDiagnostics(fixed).filter((diagnostic) => diagnostic.code === 'MSB101')).toEqual([]);
  });

  it('claim results per experiment', () => {
    const analysis = analyze(SPEC);
    const byName = new Map(analysis.experiments.map((experiment) => [experiment.experiment.name, experiment]));

    const defaults = byName.get('defaults')!.claims.map(({ result }) => result.status);
    expect(defaults).toEqual(['proved', 'refuted']);

    const sweep = byName.get('vary_sources')!.claims.map(({ result }) => result);
    expect(sweep[0].status).toBe('refuted');
    expect(sweep[0].counterexample).toEqual({ K: 1 });
    expect(sweep[1].status).toBe('refuted');
    expect(sweep[1].counterexample).toEqual({ K: 15 });
  });

  it('refuted claims are errors at the claim', () => {
    const refuted = theoryDiagnostics(SPEC).filter((diagnostic) => diagnostic.code === 'MSB102');
    const texts = refuted.map((diagnostic) => SPEC.slice(diagnostic.span.start, diagnostic.span.end));
    expect(texts).toContain('claim multi < single');
    expect(texts).toContain('claim single <= 0.5');
    expect(refuted.every((diagnostic) => diagnostic.severity === 'error')).toBe(true);
  });
});
