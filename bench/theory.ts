/**
 * Benchmark of the bound engine. Run it through bench/theory-run.mjs,
 * which bundles this file with esbuild:
 *
 *   node bench/theory-run.mjs
 *
 * It times, in a warm process, computeBounds per point for both presets,
 * planSampleSize, and the work of one analysis of the largest sweep grid
 * the front end allows (10,000 points): bounds at every point and one
 * claim checked over all of them.
 */
import type { ResolvedPoint } from '../server/src/core/semantics/model';
import { checkClaim, computeBounds, planSampleSize, type ClaimPoint } from '../server/src/core/theory';
import type { BoundReport } from '../server/src/core/theory/types';
import { claim, gaussianPoint } from '../test/theory/points';

function time(label: string, repetitions: number, work: (index: number) => void): void {
  for (let i = 0; i < Math.min(100, repetitions); i++) {
    work(i);
  }
  const start = performance.now();
  for (let i = 0; i < repetitions; i++) {
    work(i);
  }
  const elapsed = performance.now() - start;
  console.log(`${label}: ${((elapsed / repetitions) * 1000).toFixed(1)} us per call (${repetitions} calls, ${elapsed.toFixed(0)} ms)`);
}

const paper = gaussianPoint();
const explicit = gaussianPoint({ preset: 'mle_bracketing' });

time('computeBounds, paper preset, defaults', 100_000, () => computeBounds(paper));
time('computeBounds, mle_bracketing preset, defaults (with nonVacuousAt)', 10_000, () => computeBounds(explicit));
time('planSampleSize, mle_bracketing, target 0.5', 10_000, () => planSampleSize(explicit, 0.5));

function grid(preset: 'paper' | 'mle_bracketing'): ResolvedPoint[] {
  const points: ResolvedPoint[] = [];
  for (let K = 1; K <= 100; K++) {
    for (let step = 1; step <= 100; step++) {
      const n = 100 * step;
      points.push(gaussianPoint({ K, n, preset, sweepValues: { K, n } }));
    }
  }
  return points;
}

for (const preset of ['paper', 'mle_bracketing'] as const) {
  const points = grid(preset);
  const start = performance.now();
  const entries: ClaimPoint[] = points.map((point) => ({ report: computeBounds(point) as BoundReport }));
  const afterBounds = performance.now();
  const result = checkClaim(claim('multi', '<=', 'single'), entries);
  const end = performance.now();
  console.log(
    `10,000-point grid, ${preset}: bounds ${(afterBounds - start).toFixed(0)} ms, claim 'multi <= single' ${(end - afterBounds).toFixed(0)} ms (${result.status}, dependsOn ${result.dependsOn?.join(', ') ?? 'none'})`,
  );
}
