/**
 * Benchmark of the front end (parser, evaluator, semantics) and of one
 * whole `analyze` call. Run it through bench/front-end-run.mjs, which
 * bundles this file with esbuild:
 *
 *   node bench/front-end-run.mjs
 *
 * It times, in one process: analyze on examples/figure1.msb; a generated
 * spec of about 1,000 lines (parse, semantics and full analyze, first call
 * and warm calls, and warm calls that change one number each time, as an
 * editor does on a keystroke); the largest sweep grid (10,000 points);
 * and hostile inputs (10 MB on one line, 10 MB of binary data, 10,000
 * nested brackets).
 */
import { readFileSync } from 'node:fs';
import { analyze } from '../server/src/core/analysis';
import { buildExperiments } from '../server/src/core/semantics/build';
import { resolvePoints } from '../server/src/core/semantics/resolve';
import { parse } from '../server/src/core/syntax/parser';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(label: string, repetitions: number, work: (index: number) => void): void {
  const durations: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = performance.now();
    work(i);
    durations.push(performance.now() - start);
  }
  console.log(`${label}: median ${median(durations).toFixed(2)} ms, min ${Math.min(...durations).toFixed(2)} ms (${repetitions} calls)`);
}

/** Generates a spec of `count` experiments of 20 lines each, every expression distinct (about 1,000 lines for count = 50). */
function generatedSpec(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const family = i % 5 === 0;
    const lines = family
      ? [
          `experiment base_${i} {`,
          `  # base configuration ${i}`,
          `  sources K = ${3 + (i % 7)}`,
          `  samples n = ${500 + i}`,
          `  confidence delta = 0.0${1 + (i % 9)}`,
          `  let scale_${i} = ${1 + i / 100}`,
          '  model gaussian {',
          `    dim D = ${10 + (i % 5)}`,
          `    similarity sim = 0.${1 + (i % 9)}`,
          `    mean_bound B = K + ${1 + (i % 3)}`,
          '  }',
          `  bound ${i % 2 === 0 ? 'paper' : 'mle_bracketing { constant C = 3 }'}`,
          '  claim multi <= single',
          '  claim ratio <= 1',
          `  claim advantage >= 0`,
          `  check { seeds = [3, 33, 520, 2025, 25731]; test_samples = ${500 + i} }`,
          '',
          '',
          '',
          '}',
        ]
      : [
          `experiment sweep_${i} extends base_${i - (i % 5)} {`,
          `  # sweep ${i}`,
          `  let offset_${i} = ${i}`,
          `  sweep n in [100 + offset_${i}, 300 + offset_${i}, 1000 + offset_${i}, 5000 + offset_${i}]`,
          ...Array.from({ length: 15 }, (_, line) => `  # note ${line}`),
          '}',
        ];
    parts.push(lines.join('\n'));
  }
  return parts.join('\n') + '\n';
}

const figure1 = readFileSync('examples/figure1.msb', 'utf8');
const spec = generatedSpec(50);
console.log(`generated spec: ${spec.split('\n').length} lines, ${spec.length} characters`);

time('analyze(figure1.msb), first call', 1, () => analyze(figure1));
time('analyze(figure1.msb), warm', 200, () => analyze(figure1));

time('1,000-line spec: analyze, first call (cold JIT, empty expression cache)', 1, () => analyze(spec));
time('1,000-line spec: parse, warm', 50, () => parse(spec));
const tree = parse(spec).tree;
time('1,000-line spec: build experiments, warm', 50, () => buildExperiments(tree, spec));
const experiments = buildExperiments(tree, spec).experiments;
time('1,000-line spec: resolve all points, warm', 50, () => experiments.forEach((experiment) => resolvePoints(experiment)));
time('1,000-line spec: analyze, warm', 50, () => analyze(spec));
time('1,000-line spec: analyze after changing one number (keystroke)', 50, (index) => analyze(spec.replace('samples n = 500', `samples n = ${600 + index}`)));

const points = analyze(spec).experiments.reduce((total, entry) => total + entry.points.length, 0);
console.log(`1,000-line spec: ${points} points`);

const values = (scale: number) => Array.from({ length: 100 }, (_, index) => scale * (index + 1)).join(', ');
const grid = `experiment grid {\n  sources K = 5\n  samples n = 100\n  model gaussian { dim D = 10 }\n  claim multi <= single\n  sweep K in [${values(1)}]\n  sweep n in [${values(100)}]\n}\n`;
const gridExperiment = buildExperiments(parse(grid).tree, grid).experiments[0];
time('10,000-point grid (100 values of K x 100 of n): resolve', 5, () => resolvePoints(gridExperiment));
time('10,000-point grid: whole analyze with bounds and the claim', 5, () => analyze(grid));

const oneLine = 'a '.repeat(5_000_000);
const binary = Array.from({ length: 10_000_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
const nested = `experiment a { sources K = ${'('.repeat(10_000)}1${')'.repeat(10_000)} }`;
time('10 MB on one line (`a ` repeated)', 3, () => analyze(oneLine));
time('10 MB of binary data', 3, () => analyze(binary));
time('10,000 nested brackets in an expression', 10, () => analyze(nested));
