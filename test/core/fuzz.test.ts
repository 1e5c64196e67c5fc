/**
 * Fuzz test of `analyze`: mutations of the Figure 1 example, random token
 * soup and pathological inputs, from a fixed seed. Every input must be
 * analysed without throwing, without an internal-error diagnostic, with
 * every span inside the text, and within a generous time limit that only
 * catches hangs (speed is measured by the benchmarks).
 */
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import type { Analysis } from '../../server/src/core/analysis';
import type { Span } from '../../server/src/core/text';
import { analyze } from './helpers';
import { seededRandom } from '../support/random';

const FIGURE1 = readFileSync(new URL('../../examples/figure1.msb', import.meta.url), 'utf8');
/** Per-input limit that only catches hangs; inputs of several megabytes get more, since the suite may share 2 busy cores. */
const HANG_LIMIT_MS = 2_000;
const LARGE_INPUT_LIMIT_MS = 15_000;
const LARGE_INPUT = 1_000_000;

const TOKENS = [
  'experiment', 'extends', 'sources', 'samples', 'per_source', 'confidence', 'model', 'bound', 'claim', 'check', 'sweep', 'in', 'let',
  'gaussian', 'autoregressive', 'energy', 'paper', 'mle_bracketing', 'dim', 'shared', 'similarity', 'mean_bound', 'constant', 'seeds',
  'test_samples', 'single', 'multi', 'ratio', 'advantage', 'K', 'n', 'D', 'sim', 'B', 'C', 'delta', 'x', '{', '}', '[', ']', '(', ')',
  ',', ';', '=', '==', '<', '<=', '>', '>=', '+', '-', '*', '/', '^', '%', '!', '?', ':', '.', "'", '"', '#', '\n', '\r\n', ' ',
  '0', '1', '0.5', '1e308', '-1', 'NaN', 'Infinity', 'sqrt(', 'floor(', 'import(', 'δ', '😀', '\u0000', '\uFEFF', '\uD800',
];

function checkAnalysis(text: string, analysis: Analysis): void {
  const inside = (span: Span) => Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= text.length;
  for (const diagnostic of analysis.diagnostics) {
    if (!inside(diagnostic.span)) {
      throw new Error(`span ${JSON.stringify(diagnostic.span)} outside the text of length ${text.length}: ${diagnostic.message}`);
    }
    for (const related of diagnostic.related ?? []) {
      if (!inside(related.span)) {
        throw new Error(`related span ${JSON.stringify(related.span)} outside the text: ${diagnostic.message}`);
      }
    }
    for (const fix of diagnostic.fixes ?? []) {
      for (const edit of fix.edits) {
        if (!inside(edit.span)) {
          throw new Error(`fix span ${JSON.stringify(edit.span)} outside the text: ${diagnostic.message}`);
        }
      }
    }
    if (diagnostic.code === 'MSB900') {
      throw new Error(`internal error: ${diagnostic.message}`);
    }
  }
}

function run(text: string): void {
  const start = performance.now();
  let analysis: Analysis;
  try {
    analysis = analyze(text);
  } catch (error) {
    throw new Error(`analyze threw on ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
  }
  const elapsed = performance.now() - start;
  if (elapsed > (text.length >= LARGE_INPUT ? LARGE_INPUT_LIMIT_MS : HANG_LIMIT_MS)) {
    throw new Error(`analyze took ${elapsed.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 200))}`);
  }
  try {
    checkAnalysis(text, analysis);
  } catch (error) {
    throw new Error(`${String(error)} on input ${JSON.stringify(text.slice(0, 400))}`);
  }
}

function mutate(random: () => number, text: string): string {
  const position = Math.floor(random() * (text.length + 1));
  const length = Math.floor(random() * 40);
  switch (Math.floor(random() * 6)) {
    case 0:
      return text.slice(0, position) + text.slice(position + length);
    case 1:
      return text.slice(0, position) + text.slice(position, position + length).repeat(2 + Math.floor(random() * 3)) + text.slice(position + length);
    case 2: {
      let bytes = '';
      for (let i = 0; i < 1 + length / 4; i++) {
        bytes += String.fromCharCode(Math.floor(random() * 256));
      }
      return text.slice(0, position) + bytes + text.slice(position);
    }
    case 3:
      return text.slice(0, position) + TOKENS[Math.floor(random() * TOKENS.length)] + text.slice(position);
    case 4: {
      const other = Math.floor(random() * text.length);
      return text.slice(0, position) + text.slice(other, other + length) + text.slice(position + length);
    }
    default:
      return text.slice(0, position) + ' ' + TOKENS[Math.floor(random() * TOKENS.length)] + ' ' + text.slice(position + length);
  }
}

describe('analyze fuzz', () => {
  it('survives mutations of the Figure 1 example', () => {
    const random = seededRandom(20250214);
    for (let i = 0; i < 2_000; i++) {
      let text = FIGURE1;
      const mutations = 1 + Math.floor(random() * 4);
      for (let j = 0; j < mutations; j++) {
        text = mutate(random, text);
      }
      run(text);
    }
  });

  it('survives random token soup', () => {
    const random = seededRandom(25731);
    for (let i = 0; i < 1_000; i++) {
      const count = Math.floor(random() * 200);
      const parts: string[] = [];
      for (let j = 0; j < count; j++) {
        parts.push(TOKENS[Math.floor(random() * TOKENS.length)]);
        if (random() < 0.5) {
          parts.push(' ');
        }
      }
      run(parts.join(''));
    }
  });

  it('survives random bytes', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 200; i++) {
      const length = Math.floor(random() * 2_000);
      let text = '';
      for (let j = 0; j < length; j++) {
        text += String.fromCharCode(Math.floor(random() * (random() < 0.9 ? 128 : 65536)));
      }
      run(text);
    }
  });

  it('survives pathological inputs', () => {
    const body = 'sources K = 5; samples n = 500; model gaussian { dim D = 10 }';
    const cases = [
      '',
      '\n'.repeat(100_000),
      'a '.repeat(5_000_000),
      'x'.repeat(10_000_000),
      '{'.repeat(10_000),
      `experiment a {${'{'.repeat(10_000)}`,
      `experiment a { ${body}; let x = ${'('.repeat(10_000)}1${')'.repeat(10_000)} }`,
      `experiment a { ${body}; let x = ${'-'.repeat(9_000)}1 }`,
      `experiment a { ${body}; let x = ${'2^'.repeat(4_000)}1 }`,
      `experiment a { ${body}; sweep K in ${'['.repeat(10_000)} }`,
      `experiment a { ${body}; let x = ${'1%'.repeat(4_000)}1 }`,
      `experiment a { sources K = NaN; samples n = 1e308; model gaussian { dim D = -1.5; shared d_sim = 0.5 } }`,
      `experiment a { sources K = 1e9; samples n = 2^60; model gaussian { dim D = 1e6 }; check { seeds = 1e12; test_samples = 1e15 } }`,
      `experiment a { sources K = -3; samples per_source m = 0.5; model gaussian { dim D = 10; similarity sim = -0.1; mean_bound B = -1 } }`,
      `experiment a { ${body}; let x = ${'1+'.repeat(4_999)}1 }`,
      `experiment a {\n${'let x = 1\n'.repeat(50_000)}}`,
      `experiment a { ${body}\n${Array.from({ length: 5_000 }, (_, i) => `let v${i} = ${i === 0 ? '1' : `v${i - 1} + 1`}`).join('\n')}\n}`,
      Array.from({ length: 2_000 }, (_, i) => `experiment e${i}${i > 0 ? ` extends e${i - 1}` : ''} { ${i === 0 ? body : `samples n = ${i + 1}`} }`).join('\n'),
      Array.from({ length: 2_000 }, (_, i) => `experiment e${i} extends e${(i + 1) % 2_000} { }`).join('\n'),
      Array.from({ length: 1_000_000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
      '"'.repeat(100_000),
      '#'.repeat(1_000_000),
    ];
    for (const text of cases) {
      run(text);
    }
  });
});
