/**
 * Incremental analysis gives the same result as analysing the whole text,
 * on the examples, on generated specs and after edits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../server/src/core/analysis';
import { IncrementalAnalyzer } from '../../server/src/core/ide/incremental';
import { generateSpec } from '../../bench/lsp-spec';

/** Everything an editor shows from an analysis, in a comparable form. */
function comparable(analysis: Analysis): unknown {
  return {
    diagnostics: analysis.diagnostics
      .map((diagnostic) => JSON.stringify([diagnostic.span, diagnostic.code, diagnostic.severity, diagnostic.message, diagnostic.fixes ?? [], diagnostic.related ?? []]))
      .sort(),
    experiments: analysis.experiments.map((entry) => ({
      experiment: entry.experiment,
      points: entry.points,
      claims: entry.claims,
    })),
  };
}

const examplesFolder = path.resolve(__dirname, '..', '..', 'examples');

describe('IncrementalAnalyzer', () => {
  it('matches analyze on the examples', () => {
    const names = readdirSync(examplesFolder).filter((name) => name.endsWith('.msb'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const text = readFileSync(path.join(examplesFolder, name), 'utf8');
      expect(comparable(new IncrementalAnalyzer().analyze(text)), name).toEqual(comparable(analyze(text)));
    }
  });

  it('matches analyze across a sequence of edits', () => {
    const analyzer = new IncrementalAnalyzer();
    let text = generateSpec(200) + '\nexperiment orphan extends missing {\n  sweep n in [10, 20]\n}\nexperiment base0 {\n  sources K = 2\n}\n';
    const options = { defaultPreset: 'mle_bracketing' as const, defaultC: 2, defaultDelta: 0.1 };
    for (let step = 0; step < 12; step++) {
      expect(comparable(analyzer.analyze(text, options)), `step ${step}`).toEqual(comparable(analyze(text, options)));
      // Lengthen one sample size and insert a line near the top, so later experiments move.
      text = text.replace(`samples n = ${200 + 10 * step}`, `samples n = ${2000 + 10 * step}`);
      text = step % 3 === 0 ? `# edit ${step}\n${text}` : text;
      text = step === 5 ? text.replace('claim ratio <= 1', 'claim ratio <= 0.5') : text;
    }
  });

  it('falls back to a whole analysis on syntax errors', () => {
    const text = generateSpec(100).replace('sources K = 2', 'sources K = = 2');
    expect(comparable(new IncrementalAnalyzer().analyze(text))).toEqual(comparable(analyze(text)));
  });
});
