/**
 * Theory of the autoregressive model class (MADE-style masked network,
 * described in autoregressive-architecture.ts): parameter counts from the
 * masks and log N(eps) by Lemma A with L = 2 T L_z, where L_z bounds the
 * sup-norm change of the logits per unit change of the parameters.
 * Derivation in docs/theory-deep-models.md.
 */
import type { ResolvedPoint } from '../../semantics/model';
import { formatNumber } from '../format';
import { autoregressiveNetwork, readAutoregressiveSettings, type AutoregressiveSettings } from './autoregressive-architecture';
import type { SettingProblem } from './deep-settings';
import { deepClassTheory, LOG_DENSITY_LIPSCHITZ } from './deep-theory';
import type { ModelClassTheory } from './types';

/** Reads the autoregressive settings of a point, or the problems with them. */
export function autoregressiveSettingsAt(point: ResolvedPoint): { settings: AutoregressiveSettings } | { problems: SettingProblem[] } {
  if (point.model.modelClass !== 'autoregressive') {
    return { problems: [{ key: 'model', message: `Model class '${point.model.modelClass}' is not autoregressive.` }] };
  }
  const { settings, problems } = readAutoregressiveSettings(point.model.settings);
  return problems.length > 0 ? { problems } : { settings };
}

export const autoregressiveTheory: ModelClassTheory = deepClassTheory({
  modelClass: 'autoregressive',
  outputSymbol: 'L_z',
  network(point) {
    const read = autoregressiveSettingsAt(point);
    if ('problems' in read) {
      return read;
    }
    return { network: autoregressiveNetwork(read.settings), sharedLayers: read.settings.sharedLayers };
  },
  lemmaConstant(point, outputConstant) {
    const read = autoregressiveSettingsAt(point);
    const T = 'settings' in read ? read.settings.length : Number.NaN;
    return {
      rule: LOG_DENSITY_LIPSCHITZ,
      quantity: 'L',
      formula: 'L = 2 T L_z',
      substituted: `2 * ${T} * ${formatNumber(outputConstant)}`,
      value: 2 * T * outputConstant,
      note: 'log p(x|y) is a sum of T log-softmax terms, each 2 L_z-Lipschitz.',
    };
  },
});
