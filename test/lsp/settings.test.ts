/** Settings from the editor: valid values apply, invalid ones fall back to the defaults. */
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../server/src/lsp/protocol';
import { readSettings } from '../../server/src/lsp/settings';

describe('readSettings', () => {
  it('keeps valid values', () => {
    const settings = readSettings({
      defaultPreset: 'mle_bracketing',
      defaultC: 2.5,
      defaultDelta: 0.01,
      inlayHints: { enabled: false, maxLength: 30 },
      checks: { workers: 3, backend: 'wasm', timeLimitSeconds: 60 },
    });
    expect(settings).toEqual({
      defaultPreset: 'mle_bracketing',
      defaultC: 2.5,
      defaultDelta: 0.01,
      inlayHints: { enabled: false, maxLength: 30 },
      checks: { workers: 3, backend: 'wasm', timeLimitSeconds: 60 },
    });
  });

  it('falls back on invalid values', () => {
    const settings = readSettings({
      defaultPreset: 'tight',
      defaultC: -1,
      defaultDelta: 1,
      inlayHints: { enabled: 'yes', maxLength: Number.NaN },
      checks: { workers: 0.5, backend: '', timeLimitSeconds: -3 },
    });
    expect(settings.defaultPreset).toBe(defaultSettings.defaultPreset);
    expect(settings.defaultC).toBe(defaultSettings.defaultC);
    expect(settings.defaultDelta).toBe(defaultSettings.defaultDelta);
    expect(settings.inlayHints).toEqual(defaultSettings.inlayHints);
    expect(settings.checks).toEqual({ workers: undefined, backend: undefined, timeLimitSeconds: undefined });
  });

  it('accepts missing or non-object input', () => {
    expect(readSettings(undefined)).toEqual(defaultSettings);
    expect(readSettings('paper')).toEqual(defaultSettings);
    expect(readSettings(null)).toEqual(defaultSettings);
  });
});
