/**
 * Theory diagnostics of one experiment (codes MSB1xx, listed in
 * docs/diagnostics.md):
 * - MSB101 warning: an explicit bound exceeds 1 (vacuous), with the n at
 *   which it becomes meaningful and a fix that sets n (or m) to it;
 * - MSB102 error: a claim is refuted;
 * - MSB103 information: a claim cannot be decided.
 */
import type { ExperimentAnalysis } from '../analysis';
import type { Diagnostic, Fix } from '../diagnostics';
import type { Experiment, Setting } from '../semantics/model';
import type { Span } from '../text';
import { pointLabel } from './claims';
import { formatCount, formatNumber } from './format';
import type { BoundReport } from './types';

export const VACUOUS_BOUND = 'MSB101';
export const REFUTED_CLAIM = 'MSB102';
export const UNKNOWN_CLAIM = 'MSB103';

/** Builds the theory diagnostics of one analysed experiment. */
export function theoryDiagnostics(analysis: ExperimentAnalysis): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];

  const vacuity = vacuityDiagnostic(analysis);
  if (vacuity !== undefined) {
    diagnostics.push(vacuity);
  }

  const name = analysis.experiment.name;
  for (const { claim, result } of analysis.claims) {
    const inherited = claim.definedIn !== name;
    const related = inherited ? [{ span: analysis.experiment.nameSpan, message: `Experiment '${name}' inherits this claim from '${claim.definedIn}'.` }] : undefined;

    if (result.status === 'refuted') {
      diagnostics.push({
        span: claim.span,
        severity: 'error',
        code: REFUTED_CLAIM,
        message: `Claim refuted in experiment '${name}': ${result.summary}`,
        ...(related ? { related } : {}),
      });
    } else if (result.status === 'unknown') {
      diagnostics.push({
        span: claim.span,
        severity: 'information',
        code: UNKNOWN_CLAIM,
        message: `Claim undecided in experiment '${name}': ${result.summary}`,
        ...(related ? { related } : {}),
      });
    }
  }
  return diagnostics;
}

/**
 * Builds one warning per experiment for all points whose explicit bound is
 * vacuous, placed at the samples statement when the experiment defines it.
 */
function vacuityDiagnostic(analysis: ExperimentAnalysis): Diagnostic | undefined {
  const experiment = analysis.experiment;
  const vacuous = analysis.points
    .map((point) => point.bounds)
    .filter((report): report is BoundReport => report !== undefined && report.preset === 'mle_bracketing' && (report.single.vacuous || report.multi.vacuous));
  if (vacuous.length === 0) {
    return undefined;
  }

  const worst = vacuous.reduce((a, b) => (Math.max(a.single.value, a.multi.value) >= Math.max(b.single.value, b.multi.value) ? a : b));
  const reachable = vacuous.every((report) => report.nonVacuousAt !== undefined);
  const neededN = reachable ? Math.max(...vacuous.map((report) => Math.max(report.nonVacuousAt!.single, report.nonVacuousAt!.multi))) : undefined;

  const where =
    analysis.points.length === 1
      ? `at n = ${formatCount(worst.point.n)}`
      : `at ${vacuous.length} of ${analysis.points.length} sweep points (largest at ${pointLabel(worst.point)}, n = ${formatCount(worst.point.n)})`;
  const single = `single = ${formatNumber(worst.single.value, 4)}`;
  const multi = `multi = ${formatNumber(worst.multi.value, 4)}`;
  let values: string;
  if (worst.single.vacuous && worst.multi.vacuous) {
    values = `${single} and ${multi} exceed 1`;
  } else if (worst.single.vacuous) {
    values = `${single} exceeds 1 (${multi})`;
  } else {
    values = `${multi} exceeds 1 (${single})`;
  }
  const remedy =
    neededN !== undefined
      ? `both bounds are at most 1 from n = ${formatCount(neededN)} on${analysis.points.length === 1 ? '' : ' at every such point'}`
      : 'no n up to 1e15 brings it to 1; lower C or raise delta';
  const message = `Explicit bound is vacuous ${where}: ${values}, the largest possible total variation, so it bounds nothing there; ${remedy}.`;

  const samples = samplesSetting(experiment);
  const swept = samples !== undefined && experiment.sweeps.some((axis) => axis.symbol === samples.setting.symbol);
  const local = samples !== undefined && samples.setting.definedIn === experiment.name;

  const span: Span = samples !== undefined && local ? samples.setting.span : experiment.nameSpan;
  const diagnostic: Diagnostic = { span, severity: 'warning', code: VACUOUS_BOUND, message };

  if (samples !== undefined && !local) {
    diagnostic.related = [{ span: samples.setting.span, message: `The sample size is inherited from '${samples.setting.definedIn}'.` }];
  }

  if (neededN !== undefined && samples !== undefined && local && !swept) {
    diagnostic.fixes = [sampleSizeFix(samples, neededN, vacuous)];
  }
  return diagnostic;
}

function samplesSetting(experiment: Experiment): { kind: 'total' | 'per_source'; setting: Setting } | undefined {
  const samples = experiment.samples;
  if (samples === undefined) {
    return undefined;
  }
  return samples.kind === 'total' ? { kind: 'total', setting: samples.total } : { kind: 'per_source', setting: samples.perSource };
}

/** Sets n to the needed total, or m to the smallest count per source whose total K m reaches it at every point. */
function sampleSizeFix(samples: { kind: 'total' | 'per_source'; setting: Setting }, neededN: number, vacuous: BoundReport[]): Fix {
  const symbol = samples.setting.symbol;
  const value =
    samples.kind === 'total'
      ? neededN
      : Math.max(...vacuous.map((report) => Math.ceil(Math.max(report.nonVacuousAt!.single, report.nonVacuousAt!.multi) / report.point.K)));
  return {
    title: `Set ${symbol} = ${value} (smallest value at which the explicit bounds are at most 1)`,
    edits: [{ span: samples.setting.expression.span, newText: String(value) }],
  };
}
