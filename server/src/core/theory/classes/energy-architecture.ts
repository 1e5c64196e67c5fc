/**
 * The energy-based model class: on the grid G = {0, 1/(r-1), ..., 1}^d
 * (d = 1 or 2, r points per axis),
 *
 *   p(x | y) = exp(f(x, y)) / sum_{x' in G} exp(f(x', y)),
 *
 * where the energy f is a multilayer perceptron of the coordinates x whose
 * first layer adds the source embedding e_y, and whose output is one unit.
 */
import type { MaskedLayer, MaskedNetwork } from './lipschitz-mlp';
import { readDeepSettings, readInteger, type DeepSettings, type RawSettings, type SettingProblem } from './deep-settings';

/** Energy-based settings after validation. */
export interface EnergySettings extends DeepSettings {
  /** Dimension d of the domain [0, 1]^d: 1 or 2. */
  dim: number;
  /** Grid points r per axis. */
  resolution: number;
}

/** Reads and validates an energy model block (defaults d = 1, r = 64). */
export function readEnergySettings(raw: RawSettings): { settings: EnergySettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const common = readDeepSettings(raw, problems);
  const dim = readInteger(raw, 'dim', 1, 1, 2, problems);
  const resolution = readInteger(raw, 'resolution', 64, 2, 16_777_216, problems);
  return { settings: { ...common, dim, resolution }, problems };
}

/** Number of grid points r^d. */
export function energyDomainSize(settings: EnergySettings): number {
  return Math.pow(settings.resolution, settings.dim);
}

/** Returns the problem with enumerating the grid when r^d exceeds `max_domain`. */
export function energyDomainProblem(settings: EnergySettings): SettingProblem | undefined {
  const size = energyDomainSize(settings);
  if (size <= settings.maxDomain) {
    return undefined;
  }
  return {
    key: 'resolution',
    message: `A check enumerates all r^d = ${settings.resolution}^${settings.dim} = ${size} grid points, more than max_domain = ${settings.maxDomain}; lower the resolution or raise max_domain (at most 16777216).`,
  };
}

/**
 * Coordinates of the grid points, row-major over the axes (the last axis
 * varies fastest), as a flat array of length r^d * d.
 */
export function energyGrid(settings: EnergySettings): Float64Array {
  const { dim, resolution } = settings;
  const size = energyDomainSize(settings);
  const grid = new Float64Array(size * dim);
  for (let index = 0; index < size; index++) {
    let rest = index;
    for (let axis = dim - 1; axis >= 0; axis--) {
      grid[index * dim + axis] = (rest % resolution) / (resolution - 1);
      rest = Math.floor(rest / resolution);
    }
  }
  return grid;
}

/**
 * The network description used for counts and the Lipschitz constant L_f
 * of the energy. No weight is masked. Each first-layer unit is connected to all d
 * coordinates, each in [0, 1] with 1 <= input_bound, so S_0 = d * input_bound.
 */
export function energyNetwork(settings: EnergySettings): MaskedNetwork {
  const widths = [settings.dim, ...settings.hidden, 1];
  const layers: MaskedLayer[] = [];
  for (let index = 0; index + 1 < widths.length; index++) {
    const inputs = widths[index];
    const outputs = widths[index + 1];
    const isOutput = index + 2 === widths.length;
    layers.push({
      name: isOutput ? 'output' : `hidden ${index + 1}`,
      inputs,
      outputs,
      weights: inputs * outputs,
      maxFanIn: inputs,
      biases: outputs,
      biasKind: index === 0 ? 'source embedding' : 'bias',
    });
  }
  return {
    layers,
    activation: settings.activation,
    weightBound: settings.weightBound,
    inputRowBound: settings.dim * settings.inputBound,
    inputRowFormula: { formula: 'd * input_bound', substituted: `${settings.dim} * ${settings.inputBound}` },
  };
}
