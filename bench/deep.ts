/**
 * Benchmark of the deep-model check on each TensorFlow.js backend, and on
 * PyTorch (CPU) when bench/deep_torch.py can import torch, with the same
 * workload on every engine:
 *
 * - training: the autoregressive and energy defaults of the examples
 *   (hidden [16, 16], K = 5, n = 500, every layer shared), the K
 *   single-source models and the multi-source model trained together for
 *   a fixed number of Adam steps (no early stop); reported as model-steps
 *   per second, (K + 1) models x steps / seconds;
 * - exact TV: log p of all 65,536 sequences (T = 8, V = 4, hidden
 *   [16, 16], K = 5) for one stack and the average TV against a second
 *   stack's table; reported as evaluations per second and seconds per
 *   evaluation;
 * - whole check: one seed of the autoregressive workload from the true
 *   model to both exact errors, with the fixed step count.
 *
 * Usage:
 *   node bench/deep-run.mjs [--steps 300] [--repeats 3] [--backends wasm,cpu] [--no-torch]
 * PyTorch: run bench/deep-setup.sh once (installs Debian's python3-torch).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ResolvedPoint } from '../server/src/core/semantics/model';
import { RandomStream } from '../server/src/core/simulation/random';
import { useTrainingBackend } from '../server/src/training';
import { NetworkStack } from '../server/src/training/network-stack';
import { averageTotalVariation, deepProblemAt, sampleTrainingPairs } from '../server/src/training/run-seed';
import { trainStacks } from '../server/src/training/train';

type Settings = Record<string, number | number[] | string>;

/** The workloads, shared with bench/deep_torch.py through its command line. */
const ARM_TRAINING: Settings = { length: 3, vocabulary: 4, hidden: [16, 16], shared_layers: 3, learning_rate: 0.02 };
const EBM_TRAINING: Settings = { dim: 2, resolution: 12, hidden: [16, 16], shared_layers: 3, learning_rate: 0.02 };
const ARM_ENUMERATION: Settings = { length: 8, vocabulary: 4, hidden: [16, 16], shared_layers: 3 };
const SOURCES = 5;
const PAIRS = 500;
const SEED = 3;

interface EngineResult {
  engine: string;
  armModelStepsPerSecond: number;
  ebmModelStepsPerSecond: number;
  tvSeconds: number;
  wholeCheckSeconds: number;
  /** Processor time (user + system) of the whole check, which a busy machine inflates less than wall time. */
  wholeCheckCpuSeconds: number;
}

/** Processor seconds (user + system) used by this process so far. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function point(modelClass: 'autoregressive' | 'energy', settings: Settings): ResolvedPoint {
  return {
    experiment: 'bench',
    sweepValues: {},
    bindings: {},
    K: SOURCES,
    sourceNames: Array.from({ length: SOURCES }, (_, k) => `s${k + 1}`),
    weights: new Array(SOURCES).fill(1 / SOURCES),
    n: PAIRS,
    delta: 0.05,
    preset: 'paper',
    C: 3,
    model: { modelClass, settings },
    check: { seeds: [SEED], testSamples: 500 },
  };
}

/**
 * Runs one seed of a check with a fixed number of steps and returns the
 * seconds spent in training alone and in the whole seed.
 */
async function timedCheck(at: ResolvedPoint, steps: number): Promise<{ trainingSeconds: number; totalSeconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  const problem = deepProblemAt(at);
  const random = new RandomStream(SEED);
  const { settings } = problem;
  const truth = new NetworkStack(problem.stackSpecs(settings.sharedLayers), settings.activation, random);
  const logTruth = problem.domainLogProbabilities(truth);
  const sample = sampleTrainingPairs(logTruth, at.weights, problem.domainSize, at.n, random);
  const single = new NetworkStack(problem.stackSpecs(0), settings.activation, random);
  const multi = new NetworkStack(problem.stackSpecs(settings.sharedLayers), settings.activation, random);
  const prepared = problem.prepare(sample);

  const trainingStarted = performance.now();
  await trainStacks([single, multi], prepared, {
    steps,
    learningRate: settings.learningRate,
    weightBound: settings.weightBound,
    pairs: at.n,
    tolerance: Number.NEGATIVE_INFINITY,
  });
  const trainingSeconds = (performance.now() - trainingStarted) / 1000;

  averageTotalVariation(problem.domainLogProbabilities(single), logTruth, at.weights, problem.domainSize);
  averageTotalVariation(problem.domainLogProbabilities(multi), logTruth, at.weights, problem.domainSize);
  prepared.dispose();
  for (const stack of [truth, single, multi]) {
    stack.dispose();
  }
  return { trainingSeconds, totalSeconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds() - cpuStarted };
}

/** Seconds for one exact-TV evaluation over 65,536 sequences: one stack's table and the TV against a fixed table. */
function timedEnumeration(): number {
  const at = point('autoregressive', ARM_ENUMERATION);
  const problem = deepProblemAt(at);
  const random = new RandomStream(SEED);
  const reference = new NetworkStack(problem.stackSpecs(problem.settings.sharedLayers), problem.settings.activation, random);
  const other = new NetworkStack(problem.stackSpecs(0), problem.settings.activation, random);
  const table = problem.domainLogProbabilities(reference);
  const started = performance.now();
  averageTotalVariation(problem.domainLogProbabilities(other), table, at.weights, problem.domainSize);
  const seconds = (performance.now() - started) / 1000;
  reference.dispose();
  other.dispose();
  return seconds;
}

function best(values: number[]): number {
  return Math.min(...values);
}

async function benchmarkBackend(backend: string, steps: number, repeats: number): Promise<EngineResult> {
  await useTrainingBackend(backend);
  const arm = point('autoregressive', ARM_TRAINING);
  const ebm = point('energy', EBM_TRAINING);
  // One warm-up run compiles kernels and fills caches.
  await timedCheck(arm, 20);
  await timedCheck(ebm, 20);
  timedEnumeration();

  const armRuns: { trainingSeconds: number; totalSeconds: number; cpuSeconds: number }[] = [];
  const ebmRuns: number[] = [];
  const tvRuns: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    armRuns.push(await timedCheck(arm, steps));
    ebmRuns.push((await timedCheck(ebm, steps)).trainingSeconds);
    tvRuns.push(timedEnumeration());
  }
  const models = SOURCES + 1;
  return {
    engine: `tfjs ${backend}`,
    armModelStepsPerSecond: (models * steps) / best(armRuns.map((run) => run.trainingSeconds)),
    ebmModelStepsPerSecond: (models * steps) / best(ebmRuns),
    tvSeconds: best(tvRuns),
    wholeCheckSeconds: best(armRuns.map((run) => run.totalSeconds)),
    wholeCheckCpuSeconds: best(armRuns.map((run) => run.cpuSeconds)),
  };
}

/** Runs the PyTorch mirror and returns its result, or the reason it could not run. */
function benchmarkTorch(steps: number, repeats: number, threads: number): EngineResult | string {
  const script = path.join(process.cwd(), 'bench', 'deep_torch.py');
  if (!existsSync(script)) {
    return `${script} not found; run from the repository root`;
  }
  const result = spawnSync('/usr/bin/python3', [script, '--steps', String(steps), '--repeats', String(repeats), '--threads', String(threads)], {
    encoding: 'utf8',
    timeout: 1_800_000,
  });
  if (result.status !== 0) {
    return `bench/deep_torch.py failed (${result.error?.message ?? result.stderr.trim().split('\n').pop() ?? 'no output'}); run bench/deep-setup.sh to install python3-torch`;
  }
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as EngineResult;
}

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index > 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  const steps = Number(argument('--steps', '300'));
  const repeats = Number(argument('--repeats', '3'));
  const backends = argument('--backends', 'wasm,cpu').split(',');
  const results: EngineResult[] = [];
  for (const backend of backends) {
    results.push(await benchmarkBackend(backend, steps, repeats));
    console.error(`finished tfjs ${backend}`);
  }
  if (!process.argv.includes('--no-torch')) {
    for (const threads of [1, 2]) {
      const torch = benchmarkTorch(steps, repeats, threads);
      if (typeof torch === 'string') {
        console.error(`PyTorch skipped: ${torch}`);
        break;
      }
      results.push(torch);
    }
  }

  console.log(`steps ${steps}, best of ${repeats}, K = ${SOURCES}, n = ${PAIRS}, tfjs ${tf.version.tfjs}, Node ${process.version}`);
  console.log('');
  console.log('| engine | ARM model-steps/s | EBM model-steps/s | exact TV of 65,536 sequences (s) | TV evaluations/s | whole ARM check (s) | whole ARM check, CPU time (s) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const result of results) {
    console.log(
      `| ${result.engine} | ${result.armModelStepsPerSecond.toFixed(0)} | ${result.ebmModelStepsPerSecond.toFixed(0)} | ${result.tvSeconds.toFixed(3)} | ${(1 / result.tvSeconds).toFixed(2)} | ${result.wholeCheckSeconds.toFixed(2)} | ${result.wholeCheckCpuSeconds.toFixed(2)} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
