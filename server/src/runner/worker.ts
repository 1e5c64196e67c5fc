/**
 * Check worker: a child process started by the supervisor (bundled as
 * dist/worker.js). It analyses the spec text once, then runs the batches
 * of (point, seed) units it receives and sends the per-seed results back.
 *
 * - Gaussian points call the simulation's `simulateSeed` (synchronous, a
 *   few milliseconds per seed). A batch runs to its end, and its results
 *   go back in one message.
 * - Autoregressive and energy points call `runDeepSeed` (TensorFlow.js
 *   training) one seed at a time; each seed is answered as it finishes,
 *   and `stop` aborts the seed in progress through its AbortSignal.
 *
 * The worker exits when the IPC channel closes ('disconnect'), so it never
 * outlives the process that started it.
 */
import { analyze, type Analysis } from '../core/analysis';
import type { ResolvedPoint } from '../core/semantics/model';
import { simulateSeed } from '../core/simulation/index';
import type { SeedResult } from '../core/simulation/types';
import * as path from 'node:path';
import type { ActiveBackend } from './backends';
import { configurationHash } from './store';
import { isToWorker, type FromWorker, type ToWorker, type UnitResult, type WorkUnit } from './protocol';

type DeepRunner = (point: ResolvedPoint, seed: number, options: { backend?: string; signal?: AbortSignal }) => Promise<SeedResult>;

let points: ResolvedPoint[] = [];
let requestedBackend: string | undefined;
let backend: ActiveBackend | undefined;
let backendAnnounced = false;
let currentCheck = 0;
let lastAnalysis: { key: string; analysis: Analysis } | undefined;
let stopped = false;
let abort = new AbortController();

/** Messages are handled strictly in order, one after the other. */
let chain: Promise<void> = Promise.resolve();

/** Sends a message about the current check. */
function send(message: DistributiveOmit<FromWorker, 'check'>): void {
  if (process.connected && process.send) {
    process.send({ ...message, check: currentCheck });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Exports of dist/worker-deep.js (entry deep-entry.ts). */
interface DeepModule {
  runDeepSeed: DeepRunner;
  activateBackend: typeof import('./backends').activateBackend;
  detectBackends: typeof import('./backends').detectBackends;
  packageVersion: typeof import('./backends').packageVersion;
  wasmFolder: typeof import('./backends').wasmFolder;
}

let deepModule: DeepModule | undefined;

/**
 * Loads the deep-model bundle (dist/worker-deep.js, next to this file) on
 * first use, so that Gaussian checks never load TensorFlow.js.
 */
function loadDeep(): DeepModule {
  if (deepModule) {
    return deepModule;
  }
  const file = path.join(__dirname, 'worker-deep.js');
  try {
    // A path computed at run time, so that the bundler leaves the file separate.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    deepModule = require(file) as DeepModule;
  } catch (error) {
    throw new Error(`the deep-model trainer ${file} could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); run \`npm run build\``);
  }
  return deepModule;
}

function handleInit(message: Extract<ToWorker, { type: 'init' }>): void {
  // A pooled worker starts each check afresh.
  currentCheck = message.check;
  stopped = false;
  abort = new AbortController();
  // The same text is often checked again (another experiment, another run): analyse it once.
  const key = `${JSON.stringify(message.analysisOptions ?? {})}\u0000${message.specText}`;
  if (lastAnalysis?.key !== key) {
    lastAnalysis = { key, analysis: analyze(message.specText, message.analysisOptions) };
  }
  const analysis = lastAnalysis.analysis;
  const experiment = analysis.experiments.find((entry) => entry.experiment.name === message.experiment);
  points = experiment ? experiment.points.map((entry) => entry.point) : [];
  if (message.backend !== requestedBackend) {
    // Another backend was asked for: activate it on the next deep seed.
    backend = undefined;
  }
  requestedBackend = message.backend;
  backendAnnounced = false;
  send({
    type: 'ready',
    points: points.length,
    configHash: configurationHash(points),
    pointKinds: points.map((point) => (point.model.modelClass === 'gaussian' ? 'gaussian' : 'deep')),
  });
}

async function handleRun(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const results: UnitResult[] = [];
  for (const unit of message.units) {
    if (stopped) {
      break;
    }
    const point = points[unit.point];
    if (!point) {
      send({ type: 'error', message: `point ${unit.point + 1} does not exist in the worker's analysis`, unit });
      return;
    }
    let result: SeedResult;
    try {
      if (point.model.modelClass === 'gaussian') {
        result = simulateSeed(point, unit.seed);
      } else {
        result = await runDeep(point, unit);
        // Deep seeds take long: report each one as soon as it is done.
        send({ type: 'results', batch: message.batch, results: [{ ...unit, result }], final: false });
        continue;
      }
    } catch (error) {
      if (stopped) {
        break;
      }
      send({ type: 'error', message: error instanceof Error ? error.message : String(error), unit });
      if (error instanceof Error && error.stack) {
        process.stderr.write(`${error.stack}\n`);
      }
      return;
    }
    results.push({ ...unit, result });
  }
  send({ type: 'results', batch: message.batch, results, final: true });
}

async function runDeep(point: ResolvedPoint, unit: WorkUnit): Promise<SeedResult> {
  const deep = loadDeep();
  if (!backend) {
    backend = await deep.activateBackend(requestedBackend);
    for (const note of backend.skipped) {
      process.stderr.write(`backend ${note.name} skipped: ${note.reason}\n`);
    }
  }
  if (!backendAnnounced) {
    // Once per check, so that every result records the backend, also from a pooled worker.
    send({ type: 'backend', backend: backend.name, versions: backend.versions, skipped: backend.skipped });
    backendAnnounced = true;
  }
  return deep.runDeepSeed(point, unit.seed, { backend: backend.tfBackend, signal: abort.signal });
}

function onMessage(message: unknown): void {
  if (!isToWorker(message)) {
    return;
  }
  if (message.type === 'stop') {
    // Takes effect at once, even while a batch is in progress.
    stopped = true;
    abort.abort();
    return;
  }
  chain = chain
    .then(async () => {
      if (message.type === 'init') {
        handleInit(message);
      } else if (message.type === 'probe') {
        const deep = loadDeep();
        const backends = await deep.detectBackends();
        send({ type: 'probed', report: { backends, tfjs: deep.packageVersion('@tensorflow/tfjs'), wasmFolder: deep.wasmFolder() } });
      } else if (message.type === 'run') {
        if (stopped) {
          send({ type: 'results', batch: message.batch, results: [], final: true });
          return;
        }
        await handleRun(message);
      }
    })
    .catch((error: unknown) => {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      if (error instanceof Error && error.stack) {
        process.stderr.write(`${error.stack}\n`);
      }
    });
}

if (!process.send) {
  process.stderr.write('dist/worker.js is started by msbound (the CLI or the language server); it does nothing on its own\n');
  process.exit(2);
}

process.on('message', onMessage);
// The parent is gone (exited, crashed or killed): stop at once.
process.on('disconnect', () => process.exit(0));
