import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import { deepModelDiagnostics, DeepCodes } from '../../server/src/core/theory/classes/deep-diagnostics';

function diagnosticsOf(text: string) {
  const analysis = analyze(text);
  return analysis.experiments.flatMap((entry) => deepModelDiagnostics(entry.experiment, entry.points.map((point) => point.point)));
}

describe('deep model diagnostics', () => {
  it('flag shared with shared_layers at the key', () => {
    const text = 'experiment a {\n  sources K = 2\n  samples n = 100\n  model energy { shared = none; shared_layers = 1 }\n}\n';
    const found = diagnosticsOf(text);
    expect(found).toHaveLength(1);
    expect(found[0].code).toBe(DeepCodes.invalidSetting);
    expect(found[0].severity).toBe('error');
    expect(text.slice(found[0].span.start, found[0].span.end)).toBe('1');
  });

  it('flag shared_layers past the layers per sweep point', () => {
    const text = 'experiment a {\n  sources K = 2\n  samples n = 100\n  model autoregressive { hidden = [4]; shared_layers S = 1 }\n  sweep S in [0, 2, 3]\n}\n';
    const found = diagnosticsOf(text);
    expect(found.map((entry) => entry.message)).toEqual([
      expect.stringMatching(/shared_layers.*\[0, 2\], not 3.*at S = 3/),
    ]);
  });

  it('warn about a domain past max_domain', () => {
    const text = 'experiment a {\n  sources K = 2\n  samples n = 100\n  model autoregressive { length T = 12; vocabulary V = 8 }\n}\n';
    const found = diagnosticsOf(text);
    expect(found).toHaveLength(1);
    expect(found[0].code).toBe(DeepCodes.domainTooLarge);
    expect(found[0].severity).toBe('warning');
    expect(text.slice(found[0].span.start, found[0].span.end)).toBe('12');
    expect(found[0].message).toMatch(/8\^12 = 68719476736/);
  });

  it('stay quiet on the examples', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of ['examples/autoregressive.msb', 'examples/energy.msb']) {
      expect(diagnosticsOf(readFileSync(file, 'utf8'))).toEqual([]);
      const analysis = analyze(readFileSync(file, 'utf8'));
      expect(analysis.diagnostics.filter((entry) => entry.severity === 'error' || entry.severity === 'warning')).toEqual([]);
    }
  });
});
