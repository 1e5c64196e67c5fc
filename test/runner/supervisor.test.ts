/**
 * The supervisor with real child processes: results equal the in-process
 * simulation, events come in order and end once, cancel keeps finished
 * seeds, a killed worker and the time limit give clear failures, and the
 * queue goes on after a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import { runCheck } from '../../server/src/core/simulation';
import type { CheckEvent } from '../../server/src/runner/protocol';
import { startCheck } from '../../server/src/runner/supervisor';
import { buildWorker, isAlive, removeFolder, slowSpec, smallSpec, sweepSpec, waitFor } from './helpers';

let folder: string | undefined;

beforeAll(async () => {
  folder = await buildWorker();
});

afterAll(() => {
  removeFolder(folder);
});

function collect(): { events: CheckEvent[]; onEvent: (event: CheckEvent) => void } {
  const events: CheckEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

/** Checks the event grammar: started first, one terminal event last, progress monotone. */
function expectWellFormed(events: CheckEvent[]): void {
  expect(events[0].type).toBe('started');
  const terminal = events.filter((event) => event.type === 'finished' || event.type === 'failed');
  expect(terminal).toHaveLength(1);
  expect(events[events.length - 1]).toBe(terminal[0]);
  let last = 0;
  for (const event of events) {
    if (event.type === 'progress') {
      expect(event.completed).toBeGreaterThanOrEqual(last);
      expect(event.completed).toBeLessThanOrEqual(event.total);
      last = event.completed;
    }
  }
}

describe('startCheck', () => {
  it('results equal the in-process check', async () => {
    const text = sweepSpec(12);
    const { events, onEvent } = collect();
    const outcome = await startCheck({ specText: text, experiment: 'sweep_n', workers: 2 }, onEvent).done;

    expect(outcome.status, outcome.error).toBe('finished');
    expect(outcome.partial).toBe(false);
    expect(outcome.completedUnits).toBe(36);
    expect(outcome.totalUnits).toBe(36);
    expect(outcome.workers).toBe(2);
    expect(outcome.backend).toBe('js');
    expectWellFormed(events);

    const reference = runCheck(analyze(text).experiments[0]);
    expect(outcome.check).toEqual(reference);
  });

  it('progress reaches total with time left', async () => {
    const { events, onEvent } = collect();
    const outcome = await startCheck({ specText: smallSpec(200), experiment: 'small', workers: 2 }, onEvent).done;
    expect(outcome.status, outcome.error).toBe('finished');
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1];
    expect(last.type === 'progress' && last.completed).toBe(200);
    expect(progress.every((event) => event.type === 'progress' && event.remainingMs !== undefined && event.remainingMs >= 0)).toBe(true);
  });

  it('cancel stops within 1 s, keeps seeds', async () => {
    const text = slowSpec(400);
    const { events, onEvent } = collect();
    let cancelledAt = 0;
    const handle = startCheck({ specText: text, experiment: 'slow', workers: 2 }, (event) => {
      onEvent(event);
      if (event.type === 'progress' && cancelledAt === 0) {
        cancelledAt = Date.now();
        handle.cancel();
      }
    });
    const outcome = await handle.done;
    const stopMs = Date.now() - cancelledAt;

    expect(cancelledAt).toBeGreaterThan(0);
    expect(stopMs).toBeLessThan(1000);
    expect(outcome.status).toBe('cancelled');
    expect(outcome.partial).toBe(true);
    expect(outcome.completedUnits).toBeGreaterThan(0);
    expect(outcome.completedUnits).toBeLessThan(400);
    expect(outcome.check?.partial).toBe(true);
    expectWellFormed(events);

    // The kept seeds are complete, real results: equal to the in-process check of those seeds.
    const kept = outcome.check!.points[0].seeds.map((seed) => seed.seed);
    expect(kept).toHaveLength(outcome.completedUnits);
    const reference = runCheck(analyze(text).experiments[0], { seeds: kept });
    expect(outcome.check!.points[0].seeds).toEqual(reference.points[0].seeds);
  });

  it('killed worker fails the check only', async () => {
    const { events, onEvent } = collect();
    let pids: number[] = [];
    let killed = false;
    const handle = startCheck({ specText: slowSpec(400), experiment: 'slow', workers: 2 }, (event) => {
      onEvent(event);
      if (event.type === 'started') {
        pids = event.pids;
      }
      if (event.type === 'progress' && !killed) {
        killed = true;
        process.kill(pids[0], 'SIGKILL');
      }
    });
    const outcome = await handle.done;
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/worker 1 \(pid \d+\) exited with signal SIGKILL/);
    expect(outcome.partial).toBe(true);
    expectWellFormed(events);
    expect(events[events.length - 1].type).toBe('failed');
    expect(await waitFor(() => pids.every((pid) => !isAlive(pid)), 2000)).toBe(true);

    const next = await startCheck({ specText: smallSpec(6), experiment: 'small', workers: 2 }, () => undefined).done;
    expect(next.status, next.error).toBe('finished');
    expect(next.completedUnits).toBe(6);
  });

  it('time limit fails check, queue goes on', async () => {
    const first = collect();
    const second = collect();
    const slow = startCheck({ specText: slowSpec(2000), experiment: 'slow', workers: 2, timeLimitMs: 500 }, first.onEvent);
    const quick = startCheck({ specText: smallSpec(5), experiment: 'small', workers: 1 }, second.onEvent);
    const started = Date.now();
    const outcome = await slow.done;
    expect(Date.now() - started).toBeLessThan(2500);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/exceeded its time limit of 0\.5 s/);
    expectWellFormed(first.events);

    const next = await quick.done;
    expect(next.status, next.error).toBe('finished');
    expectWellFormed(second.events);
  });

  it('missing experiment fails without workers', async () => {
    const { events, onEvent } = collect();
    const outcome = await startCheck({ specText: smallSpec(5), experiment: 'absent' }, onEvent).done;
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toBe("experiment 'absent' is not in the spec; it declares 'small'");
    expect(outcome.workers).toBe(0);
    expectWellFormed(events);
  });

  it('rejects bad options before starting workers', async () => {
    const cases: [Partial<Parameters<typeof startCheck>[0]>, string][] = [
      [{ backend: 'tpu' }, "unknown backend 'tpu'; use auto, tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu"],
      [{ workers: 0 }, 'the number of workers must be a whole number of at least 1, not 0'],
      [{ timeLimitMs: -5 }, 'the time limit must be a positive number of milliseconds, not -5'],
    ];
    for (const [options, error] of cases) {
      const outcome = await startCheck({ specText: smallSpec(3), experiment: 'small', ...options }, () => undefined).done;
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toBe(error);
      expect(outcome.workers).toBe(0);
    }
  });

  it('cancel while queued ends at once', async () => {
    const first = startCheck({ specText: smallSpec(50), experiment: 'small', workers: 1 }, () => undefined);
    const { events, onEvent } = collect();
    const queued = startCheck({ specText: smallSpec(50), experiment: 'small', workers: 1 }, onEvent);
    queued.cancel();
    const outcome = await queued.done;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.completedUnits).toBe(0);
    expectWellFormed(events);
    expect((await first.done).status).toBe('finished');
  });
});
