/**
 * Settings shared by the autoregressive and energy-based model classes,
 * read from a resolved model block and validated. Each problem names its
 * key so that callers can place it at that key's expression.
 */
import type { Activation } from './lipschitz-mlp';

/** Largest domain a check may enumerate by default: 2^20 elements. */
export const DEFAULT_MAX_DOMAIN = 1_048_576;

/** Hard ceiling for `max_domain`: 2^24 elements keep one enumeration within memory. */
export const MAX_DOMAIN_CEILING = 16_777_216;

/** Names accepted by the `shared` key and the layers each one shares. */
export const SHARING_MODES = ['none', 'hidden', 'all_but_embedding'] as const;
export type SharingMode = (typeof SHARING_MODES)[number];

/** Settings common to both deep model classes, after validation. */
export interface DeepSettings {
  /** Hidden-layer widths H_1, ..., H_{D-1}; at least one layer. */
  hidden: number[];
  activation: Activation;
  /** Bound B on every parameter. */
  weightBound: number;
  /** Bound on the input encoding (l1 norm of a one-hot code, or the largest grid coordinate). */
  inputBound: number;
  /** Number of leading weight layers shared across sources in multi-source training. */
  sharedLayers: number;
  /** Sharing as the spec names it, for display. */
  sharingLabel: string;
  /** Largest domain that a check enumerates. */
  maxDomain: number;
  /** Adam steps of full-batch training. */
  trainSteps: number;
  /** Adam learning rate. */
  learningRate: number;
}

/** One invalid setting. */
export interface SettingProblem {
  key: string;
  message: string;
}

export type RawSettings = Record<string, number | number[] | string>;

/** Reads a number setting, with its default, and records a problem when it is not a number. */
export function readNumber(raw: RawSettings, key: string, fallback: number, problems: SettingProblem[]): number {
  const value = raw[key];
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ key, message: `\`${key}\` must be a finite number, not ${JSON.stringify(value)}.` });
    return fallback;
  }
  return value;
}

/** Reads an integer setting within [min, max] and records a problem outside it. */
export function readInteger(
  raw: RawSettings,
  key: string,
  fallback: number,
  min: number,
  max: number,
  problems: SettingProblem[],
): number {
  const value = readNumber(raw, key, fallback, problems);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push({ key, message: `\`${key}\` must be an integer in [${min}, ${max}], not ${value}.` });
    return fallback;
  }
  return value;
}

/** Reads a positive number, or at least `min` when given, and records a problem otherwise. */
function readPositive(raw: RawSettings, key: string, fallback: number, problems: SettingProblem[], min?: number): number {
  const value = readNumber(raw, key, fallback, problems);
  const valid = min === undefined ? value > 0 : value >= min;
  if (!valid) {
    const range = min === undefined ? 'greater than 0' : `at least ${min}`;
    problems.push({ key, message: `\`${key}\` must be ${range}, not ${value}.` });
    return fallback;
  }
  return value;
}

/**
 * Reads and validates the keys common to both deep classes. Sharing comes
 * from `shared` (none, hidden, all_but_embedding) or from `shared_layers`
 * (the number of leading weight layers shared, 0..D), never both.
 */
export function readDeepSettings(raw: RawSettings, problems: SettingProblem[]): DeepSettings {
  let hidden = [16];
  const hiddenValue = raw.hidden;
  if (hiddenValue !== undefined) {
    const list = typeof hiddenValue === 'number' ? [hiddenValue] : hiddenValue;
    if (!Array.isArray(list) || list.length === 0 || list.some((width) => !Number.isInteger(width) || width < 1 || width > 4096)) {
      problems.push({
        key: 'hidden',
        message: `\`hidden\` must be a non-empty list of integer widths in [1, 4096], such as [16, 16], not ${JSON.stringify(hiddenValue)}.`,
      });
    } else {
      hidden = list;
    }
  }

  let activation: Activation = 'tanh';
  const activationValue = raw.activation;
  if (activationValue !== undefined) {
    if (activationValue === 'tanh' || activationValue === 'relu') {
      activation = activationValue;
    } else {
      problems.push({ key: 'activation', message: `\`activation\` must be tanh or relu, not ${JSON.stringify(activationValue)}.` });
    }
  }

  const weightBound = readPositive(raw, 'weight_bound', 1, problems);
  const inputBound = readPositive(raw, 'input_bound', 1, problems, 1);
  const layerCount = hidden.length + 1;

  let sharedLayers = hidden.length;
  let sharingLabel = 'hidden';
  const sharedValue = raw.shared;
  const sharedLayersValue = raw.shared_layers;
  if (sharedValue !== undefined && sharedLayersValue !== undefined) {
    problems.push({ key: 'shared_layers', message: 'Give either `shared` or `shared_layers`, not both.' });
  } else if (sharedLayersValue !== undefined) {
    sharedLayers = readInteger(raw, 'shared_layers', hidden.length, 0, layerCount, problems);
    sharingLabel = `${sharedLayers} of ${layerCount} layers`;
  } else if (sharedValue !== undefined) {
    if (typeof sharedValue === 'string' && (SHARING_MODES as readonly string[]).includes(sharedValue)) {
      sharingLabel = sharedValue;
      if (sharedValue === 'none') {
        sharedLayers = 0;
      } else if (sharedValue === 'hidden') {
        sharedLayers = hidden.length;
      } else {
        sharedLayers = layerCount;
      }
    } else {
      problems.push({
        key: 'shared',
        message: `\`shared\` must be one of ${SHARING_MODES.join(', ')} (or use \`shared_layers\` = a number of layers), not ${JSON.stringify(sharedValue)}.`,
      });
    }
  }

  const maxDomain = readInteger(raw, 'max_domain', DEFAULT_MAX_DOMAIN, 1, MAX_DOMAIN_CEILING, problems);
  const trainSteps = readInteger(raw, 'train_steps', 500, 1, 1_000_000, problems);
  const learningRate = readPositive(raw, 'learning_rate', 0.02, problems);
  return { hidden, activation, weightBound, inputBound, sharedLayers, sharingLabel, maxDomain, trainSteps, learningRate };
}
