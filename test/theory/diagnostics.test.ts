/**
 * Theory diagnostics of an analysed experiment: vacuous explicit bounds
 * (MSB101 with a fix), refuted claims (MSB102) and undecided claims (MSB103).
 */
import { describe, expect, it } from 'vitest';
import type { ExperimentAnalysis } from '../../server/src/core/analysis';
import type { Claim, Experiment, Setting } from '../../server/src/core/semantics/model';
import { checkClaim, computeBounds, explicitBound, theoryDiagnostics } from '../../server/src/core/theory';
import type { BoundReport } from '../../server/src/core/theory/types';
import { claim, gaussianPoint, type GaussianPointOptions } from './points';

const NAME_SPAN = { start: 11, end: 19 };
const SAMPLES_SPAN = { start: 40, end: 54 };
const SAMPLES_VALUE_SPAN = { start: 51, end: 54 };

function setting(symbol: string, text: string, definedIn = 'defaults'): Setting {
  return { symbol, expression: { text, span: SAMPLES_VALUE_SPAN }, span: SAMPLES_SPAN, definedIn };
}

function experiment(options: { samples?: Experiment['samples']; sweeps?: Experiment['sweeps']; claims?: Claim[] } = {}): Experiment {
  return {
    name: 'defaults',
    nameSpan: NAME_SPAN,
    span: { start: 0, end: 200 },
    samples: options.samples ?? { kind: 'total', total: setting('n', '500') },
    boundSettings: {},
    lets: {},
    claims: options.claims ?? [],
    sweeps: options.sweeps ?? [],
    check: { extra: {} },
  };
}

function analysis(exp: Experiment, pointOptions: GaussianPointOptions[], claims: { claim: Claim; values?: { left?: number; right?: number } }[] = []): ExperimentAnalysis {
  const points = pointOptions.map((option) => {
    const point = gaussianPoint(option);
    const bounds = computeBounds(point);
    return 'unavailable' in bounds ? { point } : { point, bounds };
  });
  return {
    experiment: exp,
    points,
    claims: claims.map(({ claim: c, values }) => ({
      claim: c,
      result: checkClaim(
        c,
        points.map((p) => ({ report: p.bounds as BoundReport | undefined, ...values })),
      ),
    })),
  };
}

describe('vacuous explicit bound', () => {
  it('warning with the n and a fix', () => {
    // At the defaults nonVacuousAt = { single: 5657, multi: 3256 }, so the fix sets n = 5657.
    const report = explicitBound(gaussianPoint({ preset: 'mle_bracketing' }));
    const needed = Math.max(report.nonVacuousAt!.single, report.nonVacuousAt!.multi);

    const [diagnostic] = theoryDiagnostics(analysis(experiment(), [{ preset: 'mle_bracketing' }]));
    expect(diagnostic.code).toBe('MSB101');
    expect(diagnostic.severity).toBe('warning');
    expect(diagnostic.span).toEqual(SAMPLES_SPAN);
    expect(diagnostic.message).toContain(`from n = ${needed.toLocaleString('en-US')} on`);
    expect(diagnostic.message).toMatch(/single = 3\.022 and multi = 2\.345 exceed 1,/);
    expect(diagnostic.fixes?.[0].edits).toEqual([{ span: SAMPLES_VALUE_SPAN, newText: String(needed) }]);
  });

  it('the fix makes both bounds meaningful', () => {
    const [diagnostic] = theoryDiagnostics(analysis(experiment(), [{ preset: 'mle_bracketing' }]));
    const n = Number(diagnostic.fixes![0].edits[0].newText);
    const fixed = explicitBound(gaussianPoint({ preset: 'mle_bracketing', n }));
    expect(fixed.single.vacuous).toBe(false);
    expect(fixed.multi.vacuous).toBe(false);
    expect(explicitBound(gaussianPoint({ preset: 'mle_bracketing', n: n - 1 })).single.vacuous).toBe(true);
  });

  it('per-source count fix sets m', () => {
    const exp = experiment({ samples: { kind: 'per_source', perSource: setting('m', '100') } });
    const [diagnostic] = theoryDiagnostics(analysis(exp, [{ preset: 'mle_bracketing', n: 500 }]));
    const report = explicitBound(gaussianPoint({ preset: 'mle_bracketing' }));
    const m = Math.ceil(report.nonVacuousAt!.single / 5);
    expect(diagnostic.fixes?.[0].title).toMatch(new RegExp(`^Set m = ${m} `));
  });

  it('swept n gets no fix', () => {
    const sweeps: Experiment['sweeps'] = [
      { symbol: 'n', symbolSpan: { start: 60, end: 61 }, values: [], span: { start: 55, end: 80 }, definedIn: 'defaults' },
    ];
    const ns = [100, 1000, 10000];
    const [diagnostic] = theoryDiagnostics(analysis(experiment({ sweeps }), ns.map((n) => ({ n, preset: 'mle_bracketing' as const, sweepValues: { n } }))));
    expect(diagnostic.message).toMatch(/at 2 of 3 sweep points \(largest at n = 100/);
    expect(diagnostic.fixes).toBeUndefined();
  });

  it('inherited sample size warns at the experiment name', () => {
    const exp = experiment({ samples: { kind: 'total', total: setting('n', '500', 'parent') } });
    const [diagnostic] = theoryDiagnostics(analysis(exp, [{ preset: 'mle_bracketing' }]));
    expect(diagnostic.span).toEqual(NAME_SPAN);
    expect(diagnostic.related?.[0].span).toEqual(SAMPLES_SPAN);
    expect(diagnostic.fixes).toBeUndefined();
  });

  it('no warning for the paper preset or a meaningful bound', () => {
    expect(theoryDiagnostics(analysis(experiment(), [{}]))).toEqual([]);
    expect(theoryDiagnostics(analysis(experiment(), [{ preset: 'mle_bracketing', n: 100000 }]))).toEqual([]);
  });
});

describe('claim diagnostics', () => {
  const CLAIM_SPAN = { start: 100, end: 120 };

  it('refuted claim is an error at the claim', () => {
    const refuted = claim('multi', '<', 'single', { span: CLAIM_SPAN });
    const [diagnostic] = theoryDiagnostics(analysis(experiment(), [{ K: 1 }], [{ claim: refuted }]));
    expect(diagnostic.code).toBe('MSB102');
    expect(diagnostic.severity).toBe('error');
    expect(diagnostic.span).toEqual(CLAIM_SPAN);
    expect(diagnostic.message).toMatch(/^Claim refuted in experiment 'defaults': `multi < single` fails/);
  });

  it('undecided claim is information', () => {
    const undecided = claim('single', '<=', 0.5, { span: CLAIM_SPAN, definedIn: 'parent' });
    const [diagnostic] = theoryDiagnostics(analysis(experiment(), [{}], [{ claim: undecided }]));
    expect(diagnostic.code).toBe('MSB103');
    expect(diagnostic.severity).toBe('information');
    expect(diagnostic.related?.[0].message).toMatch(/inherits this claim from 'parent'/);
  });

  it('proved claim adds nothing', () => {
    const proved = claim('multi', '<=', 'single');
    expect(theoryDiagnostics(analysis(experiment(), [{}], [{ claim: proved }]))).toEqual([]);
  });
});
