/**
 * Reads the `msbound` settings section. Invalid or missing values fall
 * back to the defaults, so a bad setting never stops the analysis.
 */
import { defaultSettings, type ServerSettings } from './protocol';

function finiteIn(value: unknown, low: number, high: number, fallback: number, inclusiveLow = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  const aboveLow = inclusiveLow ? value >= low : value > low;
  return aboveLow && value < high ? value : fallback;
}

export function readSettings(raw: unknown): ServerSettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, any>;
  const hints = (typeof value.inlayHints === 'object' && value.inlayHints !== null ? value.inlayHints : {}) as Record<string, unknown>;
  const checks = (typeof value.checks === 'object' && value.checks !== null ? value.checks : {}) as Record<string, unknown>;
  const preset = value.defaultPreset === 'mle_bracketing' || value.defaultPreset === 'paper' ? value.defaultPreset : defaultSettings.defaultPreset;
  const maxLength = finiteIn(hints.maxLength, 1, Number.POSITIVE_INFINITY, defaultSettings.inlayHints.maxLength);

  return {
    defaultPreset: preset,
    defaultC: finiteIn(value.defaultC, 0, Number.POSITIVE_INFINITY, defaultSettings.defaultC),
    defaultDelta: finiteIn(value.defaultDelta, 0, 1, defaultSettings.defaultDelta),
    inlayHints: {
      enabled: typeof hints.enabled === 'boolean' ? hints.enabled : defaultSettings.inlayHints.enabled,
      maxLength: Math.floor(maxLength),
    },
    checks: {
      workers: typeof checks.workers === 'number' && Number.isInteger(checks.workers) && checks.workers >= 1 ? checks.workers : undefined,
      backend: typeof checks.backend === 'string' && checks.backend !== '' ? checks.backend : undefined,
      timeLimitSeconds: typeof checks.timeLimitSeconds === 'number' && checks.timeLimitSeconds > 0 ? checks.timeLimitSeconds : undefined,
    },
  };
}
