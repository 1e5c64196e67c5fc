/**
 * The parts of a model-class theory that the autoregressive and energy
 * classes share: parameter counts from a masked network, and log N(eps)
 * by Lemma A with the Lipschitz constant derived from that network.
 */
import type { ResolvedPoint } from '../../semantics/model';
import type { DerivationStep, Rule } from '../derivation';
import { formatNumber } from '../format';
import { lipschitzLogBracketingNumber } from '../lemma-a';
import type { SettingProblem } from './deep-settings';
import { countParameters, layerBreakdown, lipschitzConstant, parameterCountSteps, type MaskedNetwork } from './lipschitz-mlp';
import type { ClassParameterCounts, LipschitzConstant, LogBracketingNumber, ModelClassTheory, TrainingMode, Unavailable } from './types';

/** Description of a deep class: its network at a point, and the step from the network's constant to L. */
export interface DeepClassDescription {
  modelClass: 'autoregressive' | 'energy';
  /** The network and the number of shared layers, or the problems with the settings. */
  network(point: ResolvedPoint): { network: MaskedNetwork; sharedLayers: number } | { problems: SettingProblem[] };
  /** Name of the network's Lipschitz constant, such as `L_z`. */
  outputSymbol: string;
  /** Step that turns the network's constant into L of Lemma A. */
  lemmaConstant(point: ResolvedPoint, outputConstant: number): DerivationStep;
}

/** Rule cited when the network's constant becomes the constant of log p. */
export const LOG_DENSITY_LIPSCHITZ: Rule = {
  name: 'Log-density Lipschitz constant',
  statement:
    'log softmax and log of a normalised exponential change by at most twice the sup-norm change of their logits or energies, because logsumexp is 1-Lipschitz in the sup norm.',
};

/** Most model settings whose networks a theory keeps. */
const CACHE_SIZE = 256;

function describeProblems(modelClass: string, problems: SettingProblem[]): Unavailable {
  const details = problems.map((problem) => problem.message).join(' ');
  return { unavailable: `The ${modelClass} model block has invalid settings: ${details}` };
}

/** Builds the {@link ModelClassTheory} of a deep class from its description. */
export function deepClassTheory(description: DeepClassDescription): ModelClassTheory {
  // Sample-size planning asks for the bracketing number at many n for the
  // same model, so networks are kept by their settings.
  const cache = new Map<string, { network: MaskedNetwork; sharedLayers: number } | Unavailable>();

  function resolve(point: ResolvedPoint): { network: MaskedNetwork; sharedLayers: number } | Unavailable {
    if (point.model.modelClass !== description.modelClass) {
      return { unavailable: `The ${description.modelClass} theory does not apply to model class '${point.model.modelClass}'.` };
    }
    const key = JSON.stringify(point.model);
    const cached = cache.get(key);
    if (cached !== undefined) {
      return cached;
    }
    const read = description.network(point);
    const resolved = 'problems' in read ? describeProblems(description.modelClass, read.problems) : read;
    if (cache.size >= CACHE_SIZE) {
      cache.clear();
    }
    cache.set(key, resolved);
    return resolved;
  }

  function parameterCounts(point: ResolvedPoint): ClassParameterCounts | Unavailable {
    const resolved = resolve(point);
    if ('unavailable' in resolved) {
      return resolved;
    }
    const { network, sharedLayers } = resolved;
    const shared = layerBreakdown(network, sharedLayers)
      .filter((row) => row.shared)
      .reduce((total, row) => total + row.count, 0);
    return { perSource: countParameters(network), shared, steps: parameterCountSteps(network, sharedLayers) };
  }

  function lipschitz(point: ResolvedPoint): LipschitzConstant | Unavailable {
    const resolved = resolve(point);
    if ('unavailable' in resolved) {
      return resolved;
    }
    const network = lipschitzConstant(resolved.network);
    const steps = [...network.steps];
    steps.push({
      ...steps[steps.length - 1],
      quantity: description.outputSymbol,
      formula: `${description.outputSymbol} = G_${resolved.network.layers.length}`,
      substituted: formatNumber(network.value),
      note: 'Bound on the sup-norm change of the network output per unit sup-norm change of the parameters.',
    });
    const final = description.lemmaConstant(point, network.value);
    steps.push(final);
    return { value: final.value, steps };
  }

  function logBracketingNumber(
    point: ResolvedPoint,
    epsilon: number,
    mode: TrainingMode,
    counts: { perSource: number; shared: number; single: number; multi: number },
  ): LogBracketingNumber | Unavailable {
    const constant = lipschitz(point);
    if ('unavailable' in constant) {
      return constant;
    }
    const resolved = resolve(point);
    if ('unavailable' in resolved) {
      return resolved;
    }
    const lemma = lipschitzLogBracketingNumber({
      parameterBound: resolved.network.weightBound,
      lipschitz: constant.value,
      epsilon,
      parameters: mode === 'single' ? counts.single : counts.multi,
      parametersSymbol: mode === 'single' ? 'P_single' : 'P_multi',
    });
    return { value: lemma.value, steps: [...constant.steps, ...lemma.steps] };
  }

  return { modelClass: description.modelClass, parameterCounts, logBracketingNumber, lipschitzConstant: lipschitz };
}
