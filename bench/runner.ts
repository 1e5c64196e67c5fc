/**
 * Benchmark of the check runner. Run it through bench/runner-run.mjs,
 * which bundles this file and the worker with esbuild into a temporary
 * folder:
 *
 *   node bench/runner-run.mjs
 *
 * Measures, on examples/figure1.msb (the three sweeps of Wang et al.,
 * arXiv:2502.14583: K, n and sim, 15 points):
 * - seed runs per second through the supervisor at 1, 2 and all workers,
 *   cold (the first check, which starts the worker processes) and warm
 *   (a second check on the pooled workers);
 * - the overhead of a 2000-seed check of the defaults (K = 5, D = 10,
 *   sim = 0.5, n = 500, 500 test pairs) through one worker, against the
 *   same check run directly in this process with runCheck.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../server/src/core/analysis';
import { runCheck } from '../server/src/core/simulation';
import { shutdownWorkers, startCheck } from '../server/src/runner/supervisor';

const specPath = path.resolve(process.argv[2] ?? 'examples/figure1.msb');
const text = readFileSync(specPath, 'utf8');
const sweeps = ['vary_sources', 'vary_samples', 'vary_similarity'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Wall time of checking the three sweeps with `seeds` seeds per point, in milliseconds, and the seed runs done. */
async function timeSweeps(workers: number, seeds: number[]): Promise<{ ms: number; units: number }> {
  const start = performance.now();
  let units = 0;
  for (const experiment of sweeps) {
    const outcome = await startCheck({ specText: text, experiment, seeds, workers }, () => undefined).done;
    if (outcome.status !== 'finished') {
      throw new Error(`${experiment}: ${outcome.status}: ${outcome.error}`);
    }
    units += outcome.completedUnits;
  }
  return { ms: performance.now() - start, units };
}

async function throughput(): Promise<void> {
  const seeds = Array.from({ length: 200 }, (_, i) => i);
  const all = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const counts = [...new Set([1, 2, all])];
  console.log(`three sweeps x ${seeds.length} seeds per point`);
  for (const workers of counts) {
    await shutdownWorkers();
    const cold = await timeSweeps(workers, seeds);
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      warm.push((await timeSweeps(workers, seeds)).ms);
    }
    const warmMs = median(warm);
    console.log(
      `workers ${workers}: ${cold.units} seed runs; cold ${cold.ms.toFixed(0)} ms (${((cold.units / cold.ms) * 1000).toFixed(0)} seeds/s); ` +
        `warm median of 3 ${warmMs.toFixed(0)} ms (${((cold.units / warmMs) * 1000).toFixed(0)} seeds/s)`,
    );
  }
}

async function overhead(): Promise<void> {
  const seeds = Array.from({ length: 2000 }, (_, i) => i);
  const experiment = analyze(text).experiments.find((entry) => entry.experiment.name === 'defaults')!;

  // Direct: the same seeds, summaries and verdicts in this process (after one warm-up run).
  runCheck(experiment, { seeds: seeds.slice(0, 200) });
  const direct: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    runCheck(experiment, { seeds });
    direct.push(performance.now() - start);
  }

  await shutdownWorkers();
  const measure = async () => {
    const start = performance.now();
    const outcome = await startCheck({ specText: text, experiment: 'defaults', seeds, workers: 1 }, () => undefined).done;
    if (outcome.status !== 'finished') {
      throw new Error(`defaults: ${outcome.status}: ${outcome.error}`);
    }
    return { ms: performance.now() - start, startupMs: outcome.timings.startupMs };
  };
  const cold = await measure();
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    warm.push((await measure()).ms);
  }
  const directMs = median(direct);
  const warmMs = median(warm);
  console.log(`2000-seed check of 'defaults', 1 worker`);
  console.log(`direct runCheck in process: median of 5 ${directMs.toFixed(0)} ms`);
  console.log(`runner, cold (starts the worker): ${cold.ms.toFixed(0)} ms, of which start-up ${cold.startupMs} ms; overhead ${(((cold.ms - directMs) / directMs) * 100).toFixed(1)} %`);
  console.log(`runner, warm (pooled worker): median of 5 ${warmMs.toFixed(0)} ms; overhead ${(((warmMs - directMs) / directMs) * 100).toFixed(1)} %`);
}

async function main(): Promise<void> {
  console.log(`Node ${process.versions.node}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
  await overhead();
  await throughput();
  await shutdownWorkers();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
