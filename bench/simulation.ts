/**
 * Benchmark of the conditional Gaussian simulation. Run it through
 * bench/simulation-run.mjs, which bundles this file with esbuild and times
 * whole processes:
 *
 *   node bench/simulation-run.mjs
 *
 * Modes (first argument):
 * - `sweeps`: the three sweeps of Wang et al. (arXiv:2502.14583; K, n,
 *   sim; 15 points) with their 5 seeds through runCheck, printing seed means and sweep verdicts. The
 *   runner times this whole process.
 * - `warm`: time per simulation at the defaults (K = 5, D = 10, sim = 0.5,
 *   n = 500, 500 test pairs) after a warm-up, for both methods.
 */
import type { ExperimentAnalysis } from '../server/src/core/analysis';
import type { Experiment, ResolvedPoint } from '../server/src/core/semantics/model';
import { runCheck, simulateSeed, type SimulationMethod } from '../server/src/core/simulation';
import { gaussianPoint } from '../test/simulation/points';

const span = { start: 0, end: 0 };

function experimentAnalysis(name: string, points: ResolvedPoint[]): ExperimentAnalysis {
  const experiment: Experiment = { name, nameSpan: span, span, boundSettings: {}, lets: {}, claims: [], sweeps: [], check: { extra: {} } };
  return { experiment, points: points.map((point) => ({ point })), claims: [] };
}

function runSweeps(): void {
  const sweeps: [string, ResolvedPoint[]][] = [
    ['K', [1, 3, 5, 10, 15].map((K) => gaussianPoint({ K, sweepValues: { K } }))],
    ['n', [100, 300, 500, 1000, 5000].map((n) => gaussianPoint({ n, sweepValues: { n } }))],
    ['sim', [0, 0.3, 0.5, 0.7, 1].map((sim) => gaussianPoint({ sim, sweepValues: { sim } }))],
  ];
  for (const [symbol, points] of sweeps) {
    const check = runCheck(experimentAnalysis(`sweep_${symbol}`, points));
    for (const point of check.points) {
      const value = point.sweepValues[symbol];
      const { single, multi } = point.empirical;
      console.log(`${symbol}=${value}\tsingle ${single.mean.toFixed(4)} +- ${single.se.toFixed(4)}\tmulti ${multi.mean.toFixed(4)} +- ${multi.se.toFixed(4)}`);
    }
    for (const verdict of check.verdicts) console.log(`  ${verdict.name} ${verdict.status}: ${verdict.message}`);
  }
}

function timePerSimulation(method: SimulationMethod, count: number): number {
  const point = gaussianPoint();
  let checksum = 0;
  for (let seed = 0; seed < Math.min(count, 2000); seed++) checksum += simulateSeed(point, seed, { method }).exact?.single ?? 0;

  const start = performance.now();
  for (let seed = 0; seed < count; seed++) checksum += simulateSeed(point, 10_000 + seed, { method }).exact?.single ?? 0;
  const elapsed = performance.now() - start;
  if (!Number.isFinite(checksum)) throw new Error('non-finite checksum');
  return elapsed / count;
}

function runWarm(): void {
  for (const [method, count] of [
    ['sufficient', 50_000],
    ['samples', 5_000],
  ] as [SimulationMethod, number][]) {
    const milliseconds = timePerSimulation(method, count);
    console.log(`${method}\t${(1000 * milliseconds).toFixed(1)} us per simulation\t${Math.round(1000 / milliseconds)} seeds per second\t(${count} seeds)`);
  }
}

const mode = process.argv[2] ?? 'warm';
if (mode === 'sweeps') runSweeps();
else if (mode === 'warm') runWarm();
else throw new Error(`Unknown mode '${mode}': use 'sweeps' or 'warm'.`);
