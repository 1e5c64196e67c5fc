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

/**
 * CPU time (user + system) of another process in milliseconds, from
 * /proc/PID/stat fields 14 and 15 in clock ticks (100 per second on Linux).
 * Undefined where /proc is missing.
 */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** CPU time of this process (user + system) in milliseconds. */
function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function overhead(): Promise<void> {
  const seeds = Array.from({ length: 2000 }, (_, i) => i);
  const experiment = analyze(text).experiments.find((entry) => entry.experiment.name === 'defaults')!;
  let workerPid = 0;
  const viaRunner = async () => {
    const wallStart = performance.now();
    const cpuStart = ownCpuMs() + (processCpuMs(workerPid) ?? 0);
    const outcome = await startCheck({ specText: text, experiment: 'defaults', seeds, workers: 1 }, (event) => {
      if (event.type === 'started') {
        workerPid = event.pids[0];
      }
    }).done;
    if (outcome.status !== 'finished') {
      throw new Error(`defaults: ${outcome.status}: ${outcome.error}`);
    }
    const cpu = ownCpuMs() + (processCpuMs(workerPid) ?? 0) - cpuStart;
    return { ms: performance.now() - wallStart, cpu, startupMs: outcome.timings.startupMs };
  };
  const direct = () => {
    const wallStart = performance.now();
    const cpuStart = ownCpuMs();
    runCheck(experiment, { seeds });
    return { ms: performance.now() - wallStart, cpu: ownCpuMs() - cpuStart };
  };

  await shutdownWorkers();
  const cold = await viaRunner();

  // Direct and runner runs alternate, so that load from other processes hits both alike.
  direct();
  const directRuns: { ms: number; cpu: number }[] = [];
  const runnerRuns: { ms: number; cpu: number }[] = [];
  for (let i = 0; i < 9; i++) {
    directRuns.push(direct());
    runnerRuns.push(await viaRunner());
  }
  const percent = (runner: number, reference: number) => `${(((runner - reference) / reference) * 100).toFixed(1)} %`;
  const directWall = median(directRuns.map((run) => run.ms));
  // CPU times come in 10 ms clock ticks for the worker, so they are compared as sums over all runs.
  const directCpu = directRuns.reduce((sum, run) => sum + run.cpu, 0) / directRuns.length;
  const runnerWall = median(runnerRuns.map((run) => run.ms));
  const runnerCpu = runnerRuns.reduce((sum, run) => sum + run.cpu, 0) / runnerRuns.length;
  console.log(`2000-seed check of 'defaults', 1 worker, medians of 9 alternating runs`);
  console.log(`direct runCheck in process: wall median ${directWall.toFixed(0)} ms, CPU mean ${directCpu.toFixed(0)} ms`);
  console.log(
    `runner, warm worker: wall median ${runnerWall.toFixed(0)} ms (${percent(runnerWall, directWall)}), CPU mean of both processes ${runnerCpu.toFixed(0)} ms (${percent(runnerCpu, directCpu)})`,
  );
  console.log(`runner, cold (starts the worker): wall ${cold.ms.toFixed(0)} ms (${percent(cold.ms, directWall)}), of which start-up ${cold.startupMs} ms`);
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
