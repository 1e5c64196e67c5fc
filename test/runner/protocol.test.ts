/**
 * The runner protocol: message guards, and the worker speaking it over a
 * real IPC channel (init, run, stop, check ids), with results equal to the
 * simulation called directly.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import { simulateSeed } from '../../server/src/core/simulation';
import { isFromWorker, isToWorker, type FromWorker, type ToWorker } from '../../server/src/runner/protocol';
import { configurationHash } from '../../server/src/runner/store';
import { buildWorker, removeFolder, sweepSpec } from './helpers';

let folder: string | undefined;

beforeAll(async () => {
  folder = await buildWorker();
});

afterAll(() => {
  removeFolder(folder);
});

describe('message guards', () => {
  it('accept each message kind and reject anything else', () => {
    const toWorker: ToWorker[] = [
      { type: 'init', check: 1, specText: '', experiment: 'e' },
      { type: 'run', batch: 1, units: [{ point: 0, seed: 3 }] },
      { type: 'stop' },
      { type: 'probe' },
    ];
    for (const message of toWorker) {
      expect(isToWorker(JSON.parse(JSON.stringify(message)))).toBe(true);
      expect(isFromWorker(message)).toBe(false);
    }
    const fromWorker: FromWorker[] = [
      { check: 1, type: 'ready', points: 1, pointKinds: ['gaussian'], configHash: 'abc' },
      { check: 1, type: 'backend', backend: 'wasm', versions: {}, skipped: [{ name: 'tfjs-node', reason: 'not installed' }] },
      { check: 1, type: 'results', batch: 1, results: [], final: true },
      { check: 1, type: 'error', message: 'x' },
      { check: 0, type: 'probed', report: { backends: [] } },
    ];
    for (const message of fromWorker) {
      expect(isFromWorker(JSON.parse(JSON.stringify(message)))).toBe(true);
      expect(isToWorker(message)).toBe(false);
    }
    for (const junk of [null, undefined, 3, 'run', {}, { type: 'progress' }, []]) {
      expect(isToWorker(junk)).toBe(false);
      expect(isFromWorker(junk)).toBe(false);
    }
  });
});

/** A forked worker with a queue of received messages. */
class WorkerProcess {
  readonly child: ChildProcess;
  private readonly received: FromWorker[] = [];
  private waiters: (() => void)[] = [];

  constructor() {
    this.child = fork(process.env.MSBOUND_WORKER_PATH!, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.on('message', (message) => {
      this.received.push(message as FromWorker);
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  send(message: ToWorker): void {
    this.child.send(message);
  }

  async next(): Promise<FromWorker> {
    while (this.received.length === 0) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.received.shift()!;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}

describe('worker', () => {
  it('answers batches with simulation results', async () => {
    const text = sweepSpec(3);
    const points = analyze(text).experiments[0].points.map((entry) => entry.point);
    const worker = new WorkerProcess();
    worker.send({ type: 'init', check: 7, specText: text, experiment: 'sweep_n' });
    expect(await worker.next()).toEqual({
      check: 7,
      type: 'ready',
      points: 3,
      pointKinds: ['gaussian', 'gaussian', 'gaussian'],
      configHash: configurationHash(points),
    });

    const units = [
      { point: 0, seed: 0 },
      { point: 2, seed: 1 },
      { point: 1, seed: 25731 },
    ];
    worker.send({ type: 'run', batch: 1, units });
    const answer = await worker.next();
    expect(answer).toEqual({
      check: 7,
      type: 'results',
      batch: 1,
      final: true,
      results: units.map((unit) => ({ ...unit, result: simulateSeed(points[unit.point], unit.seed) })),
    });

    // A pooled worker takes the next check's id; after stop, batches come back empty.
    worker.send({ type: 'init', check: 8, specText: text, experiment: 'absent' });
    expect(await worker.next()).toEqual({ check: 8, type: 'ready', points: 0, pointKinds: [], configHash: configurationHash([]) });
    worker.send({ type: 'stop' });
    worker.send({ type: 'run', batch: 2, units });
    expect(await worker.next()).toEqual({ check: 8, type: 'results', batch: 2, final: true, results: [] });
    await worker.close();
  });

  it('reports a unit it cannot run as an error naming the unit', async () => {
    const worker = new WorkerProcess();
    worker.send({ type: 'init', check: 1, specText: sweepSpec(1), experiment: 'sweep_n' });
    await worker.next();
    worker.send({ type: 'run', batch: 1, units: [{ point: 5, seed: 0 }] });
    expect(await worker.next()).toEqual({
      check: 1,
      type: 'error',
      message: "point 6 does not exist in the worker's analysis",
      unit: { point: 5, seed: 0 },
    });
    await worker.close();
  });

  it('explains itself and exits when started without the supervisor', () => {
    const result = spawnSync(process.execPath, [process.env.MSBOUND_WORKER_PATH!], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is started by msbound');
  });
});
