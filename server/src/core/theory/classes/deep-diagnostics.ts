/**
 * Diagnostics for autoregressive and energy model blocks that a per-key
 * schema cannot express: `shared` together with `shared_layers`,
 * `shared_layers` past the number of layers, and a domain too large for a
 * check to enumerate. Each is placed at the expression of the key at
 * fault, or at the model class when the key was not written.
 */
import type { Diagnostic } from '../../diagnostics';
import type { Experiment, ResolvedPoint } from '../../semantics/model';
import type { Span } from '../../text';
import { autoregressiveDomainProblem, readAutoregressiveSettings } from './autoregressive-architecture';
import type { SettingProblem } from './deep-settings';
import { energyDomainProblem, readEnergySettings } from './energy-architecture';

/** Codes of these diagnostics, documented in docs/diagnostics.md. */
export const DeepCodes = {
  /** Error: a deep model setting is invalid, so the class has no bound. */
  invalidSetting: 'MSB140',
  /** Warning: the domain is larger than max_domain, so a check cannot run. */
  domainTooLarge: 'MSB141',
} as const;

function problemsAt(point: ResolvedPoint): { problems: SettingProblem[]; domain?: SettingProblem } {
  const model = point.model;
  if (model.modelClass === 'autoregressive') {
    const { settings, problems } = readAutoregressiveSettings(model.settings);
    return { problems, domain: problems.length === 0 ? autoregressiveDomainProblem(settings) : undefined };
  }
  if (model.modelClass === 'energy') {
    const { settings, problems } = readEnergySettings(model.settings);
    return { problems, domain: problems.length === 0 ? energyDomainProblem(settings) : undefined };
  }
  return { problems: [] };
}

/** Span of a key's expression in the model block, else of the model class name. */
function spanOf(experiment: Experiment, key: string): Span | undefined {
  const model = experiment.model;
  if (model === undefined) {
    return undefined;
  }
  return model.settings[key]?.expression.span ?? model.classSpan;
}

/**
 * Returns the diagnostics of an experiment's deep model block over all of
 * its points, each distinct message once, with the first sweep point that
 * shows it when there is a sweep.
 */
export function deepModelDiagnostics(experiment: Experiment, points: ResolvedPoint[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const point of points) {
    const { problems, domain } = problemsAt(point);
    const entries: [SettingProblem, 'error' | 'warning', string][] = problems.map((problem) => [problem, 'error', DeepCodes.invalidSetting]);
    if (domain !== undefined) {
      entries.push([domain, 'warning', DeepCodes.domainTooLarge]);
    }
    for (const [problem, severity, code] of entries) {
      const span = spanOf(experiment, problem.key);
      if (span === undefined || seen.has(problem.message)) {
        continue;
      }
      seen.add(problem.message);
      const where = Object.entries(point.sweepValues)
        .map(([symbol, value]) => `${symbol} = ${value}`)
        .join(', ');
      diagnostics.push({ span, severity, code, message: where === '' ? problem.message : `${problem.message} (at ${where})` });
    }
  }
  return diagnostics;
}
