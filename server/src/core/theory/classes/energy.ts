/**
 * Theory of the energy-based model class on a grid (described in
 * energy-architecture.ts): parameter counts of the energy network and
 * log N(eps) by Lemma A with L = 2 L_f, where L_f bounds the change of
 * the energy per unit sup-norm change of the parameters.
 * Derivation in docs/theory-deep-models.md.
 */
import type { ResolvedPoint } from '../../semantics/model';
import { formatNumber } from '../format';
import type { SettingProblem } from './deep-settings';
import { deepClassTheory, LOG_DENSITY_LIPSCHITZ } from './deep-theory';
import { energyNetwork, readEnergySettings, type EnergySettings } from './energy-architecture';
import type { ModelClassTheory } from './types';

/** Reads the energy settings of a point, or the problems with them. */
export function energySettingsAt(point: ResolvedPoint): { settings: EnergySettings } | { problems: SettingProblem[] } {
  if (point.model.modelClass !== 'energy') {
    return { problems: [{ key: 'model', message: `Model class '${point.model.modelClass}' is not energy.` }] };
  }
  const { settings, problems } = readEnergySettings(point.model.settings);
  return problems.length > 0 ? { problems } : { settings };
}

export const energyTheory: ModelClassTheory = deepClassTheory({
  modelClass: 'energy',
  outputSymbol: 'L_f',
  network(point) {
    const read = energySettingsAt(point);
    if ('problems' in read) {
      return read;
    }
    return { network: energyNetwork(read.settings), sharedLayers: read.settings.sharedLayers };
  },
  lemmaConstant(_point, outputConstant) {
    return {
      rule: LOG_DENSITY_LIPSCHITZ,
      quantity: 'L',
      formula: 'L = 2 L_f',
      substituted: `2 * ${formatNumber(outputConstant)}`,
      value: 2 * outputConstant,
      note: 'log p(x|y) = f(x, y) - log Z(y), and log Z changes by at most sup_x |delta f|.',
    };
  },
});
