/**
 * The formatter is idempotent and never changes meaning: analysing a spec
 * before and after formatting gives the same diagnostics codes, the same
 * points and the same bound values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../server/src/core/analysis';
import { formatSpec } from '../../server/src/core/ide/format';
import { tokenize } from '../../server/src/core/syntax/tokens';
import { seededRandom } from '../support/random';

const examplesFolder = path.resolve(__dirname, '..', '..', 'examples');

function examples(): { name: string; text: string }[] {
  let names: string[] = [];
  try {
    names = readdirSync(examplesFolder).filter((name) => name.endsWith('.msb'));
  } catch {
    names = [];
  }
  return names.map((name) => ({ name, text: readFileSync(path.join(examplesFolder, name), 'utf8') }));
}

/** Extracts the meaning of a spec (numbers and codes), which formatting must keep. */
function meaning(analysis: Analysis): unknown {
  return {
    codes: analysis.diagnostics.map((diagnostic) => `${diagnostic.code}:${diagnostic.severity}`).sort(),
    experiments: analysis.experiments.map((entry) => ({
      name: entry.experiment.name,
      points: entry.points.map((point) => ({
        bindings: point.point.bindings,
        single: point.bounds?.single.value,
        multi: point.bounds?.multi.value,
      })),
      claims: entry.claims.map((claim) => claim.result.status),
    })),
  };
}

/** Token texts without whitespace: what formatting must preserve. */
function tokenTexts(text: string): string[] {
  return tokenize(text).map((token) => (token.kind === 'comment' ? token.text.trimEnd() : token.text));
}

const BASE = `# Reference setting
experiment defaults {
  sources K = 5                 # uniform weights
  samples n = 500
  confidence delta = 0.05
  model gaussian {
    dim D = 10
    similarity sim = 0.5
    mean_bound B = 15
  }
  bound paper
  claim multi < single
  claim ratio <= sqrt(0.8)
  check { seeds = [3, 33, 520, 2025, 25731]; test_samples = 500 }
}

experiment vary extends defaults {
  let scale = 2
  sweep n in [100 * scale, -(-300), 2^10, 1000]
  claim advantage > -1
}

experiment weighted extends defaults {
  sources { web = 0.5; books = 0.3; code = 0.2 }
  samples per_source m = 100
  bound mle_bracketing { constant C = 3 }
}
`;

/** Rewrites the whitespace of a text at random: spaces removed or added, indentation changed, blank lines added. */
function scramble(text: string, next: () => number): string {
  const tokens = tokenize(text);
  let result = '';
  let position = 0;
  for (const token of tokens) {
    const between = text.slice(position, token.span.start);
    let replaced = between;
    if (!between.includes('\n')) {
      const choice = next();
      // Two words must stay apart; anything else may touch.
      const mustSeparate = /[A-Za-z0-9_]$/.test(result) && /^[A-Za-z0-9_]/.test(token.text);
      replaced = choice < 0.3 && !mustSeparate && token.kind !== 'comment' ? '' : ' '.repeat(1 + Math.floor(next() * 3));
      if (result.endsWith('-') || result.endsWith('+')) {
        replaced = between.length === 0 ? '' : replaced;
      }
    } else {
      const newlines = between.split('\n').length - 1;
      replaced = '\n'.repeat(newlines + (next() < 0.2 ? 1 : 0)) + ' '.repeat(Math.floor(next() * 6));
    }
    result += replaced + token.text;
    position = token.span.end;
  }
  return result + text.slice(position);
}

describe('formatSpec', () => {
  it('formats the reference spec to itself', () => {
    expect(formatSpec(BASE)).toBe(BASE);
  });

  it('is idempotent and keeps the meaning of every example', () => {
    const cases = [...examples(), { name: 'base', text: BASE }];
    expect(cases.length).toBeGreaterThan(0);
    for (const { name, text } of cases) {
      const once = formatSpec(text);
      expect(formatSpec(once), name).toBe(once);
      expect(tokenTexts(once), name).toEqual(tokenTexts(text));
      expect(meaning(analyze(once)), name).toEqual(meaning(analyze(text)));
    }
  });

  it('is idempotent and keeps the meaning of fuzzed whitespace', () => {
    const next = seededRandom(20250214);
    for (let trial = 0; trial < 60; trial++) {
      const text = scramble(BASE, next);
      const once = formatSpec(text);
      expect(formatSpec(once), text).toBe(once);
      expect(tokenTexts(once), text).toEqual(tokenTexts(text));
      expect(meaning(analyze(once)), text).toEqual(meaning(analyze(text)));
    }
  });

  it('is idempotent on fuzzed broken text', () => {
    const next = seededRandom(7);
    const alphabet = ['experiment', ' a', '{', '}', '[', ']', '(', ')', '=', ' ', '\n', ';', ',', '#x', '1.5', '-', '^', '"s', '😀', 'δ', 'sources', 'K', '.', '?', '\r\n', '\t'];
    for (let trial = 0; trial < 300; trial++) {
      const length = 1 + Math.floor(next() * 40);
      let text = '';
      for (let i = 0; i < length; i++) {
        text += alphabet[Math.floor(next() * alphabet.length)];
      }
      const once = formatSpec(text);
      expect(formatSpec(once), JSON.stringify(text)).toBe(once);
      expect(tokenTexts(once), JSON.stringify(text)).toEqual(tokenTexts(text));
    }
  });

  it('normalises spacing, indentation and blank lines', () => {
    const text = '\n\nexperiment a{\n\n\nsources K=5;samples n=2*-3\n   model gaussian {\n dim D=10\n\n  }\n\n}\n\n\n';
    expect(formatSpec(text)).toBe('experiment a {\n  sources K = 5; samples n = 2 * -3\n  model gaussian {\n    dim D = 10\n  }\n}\n');
  });

  it('keeps CRLF line endings and the gap before comments', () => {
    expect(formatSpec('experiment a {\r\nsources K = 5      # five\r\n}')).toBe('experiment a {\r\n  sources K = 5      # five\r\n}\r\n');
  });

  it('leaves a line with an unknown operator as written', () => {
    expect(formatSpec('experiment a {\nlet x = a.b  +1\n}\n')).toBe('experiment a {\n  let x = a.b  +1\n}\n');
  });
});
