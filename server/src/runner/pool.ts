/**
 * A pool of check worker processes, kept warm between checks so that a
 * check does not pay for process start-up (about 0.1 s per worker) each
 * time. Idle workers are unreferenced, so they never keep the parent
 * process alive, and are stopped after an idle timeout. A worker that
 * failed, or that was stopped in the middle of work, is killed rather
 * than returned to the pool.
 */
import { fork, type ChildProcess } from 'node:child_process';

/** Default time an idle worker waits for the next check before it is stopped, in milliseconds. */
export const DEFAULT_IDLE_MS = 60_000;

/** Lines of a worker's output kept for failure logs. */
const LOG_CHUNKS = 200;

/** Receives the messages and the exit of the workers it holds. */
export interface WorkerOwner {
  onMessage(worker: PooledWorker, message: unknown): void;
  onExit(worker: PooledWorker, code: number | null, signal: NodeJS.Signals | null): void;
}

export interface PooledWorker {
  /** 1, 2, ... in the order the pool started them. */
  serial: number;
  child: ChildProcess;
  scriptPath: string;
  /** Recent stdout and stderr text, for failure logs. */
  output: string[];
  exited: boolean;
  exitPromise: Promise<void>;
  owner?: WorkerOwner;
}

/** Last lines of a worker's output. */
export function outputTail(worker: PooledWorker, lines = 40): string {
  return worker.output.join('').split('\n').slice(-lines).join('\n').trim();
}

function setReferenced(worker: PooledWorker, referenced: boolean): void {
  // The process, its IPC channel and its output pipes each hold the event loop open while referenced.
  type Handle = { ref?(): unknown; unref?(): unknown } | null | undefined;
  const handles = [worker.child, worker.child.channel, worker.child.stdout, worker.child.stderr] as Handle[];
  for (const handle of handles) {
    if (referenced) {
      handle?.ref?.();
    } else {
      handle?.unref?.();
    }
  }
}

export class WorkerPool {
  private idle: PooledWorker[] = [];
  private readonly all = new Set<PooledWorker>();
  private idleTimer: NodeJS.Timeout | undefined;
  private serial = 0;
  idleMs = DEFAULT_IDLE_MS;

  /** Takes up to `count` workers running `scriptPath`, idle ones first, and starts the rest. */
  acquire(count: number, scriptPath: string, owner: WorkerOwner): PooledWorker[] {
    const taken: PooledWorker[] = [];
    this.idle = this.idle.filter((worker) => {
      if (taken.length < count && !worker.exited && worker.child.connected && worker.scriptPath === scriptPath) {
        taken.push(worker);
        return false;
      }
      return true;
    });
    while (taken.length < count) {
      taken.push(this.spawn(scriptPath));
    }
    for (const worker of taken) {
      worker.owner = owner;
      worker.output.length = 0;
      setReferenced(worker, true);
    }
    return taken;
  }

  /** Returns a healthy worker to the pool; one that exited is dropped. */
  release(worker: PooledWorker): void {
    worker.owner = undefined;
    if (worker.exited || !worker.child.connected) {
      return;
    }
    if (this.idleMs <= 0) {
      this.discard(worker);
      return;
    }
    setReferenced(worker, false);
    this.idle.push(worker);
    this.scheduleIdleStop();
  }

  /** Stops a worker at once: closes its channel (it exits on 'disconnect') and kills it. */
  discard(worker: PooledWorker): void {
    worker.owner = undefined;
    this.idle = this.idle.filter((candidate) => candidate !== worker);
    if (worker.exited) {
      return;
    }
    // Referenced again, so that a caller awaiting the exit keeps the process alive until the exit comes.
    setReferenced(worker, true);
    try {
      worker.child.disconnect();
    } catch {
      // The channel is already closed.
    }
    worker.child.kill('SIGKILL');
  }

  /** Stops every worker (idle and busy) and waits until all have exited. */
  async shutdown(): Promise<void> {
    for (const worker of [...this.all]) {
      this.discard(worker);
    }
    await Promise.all([...this.all].map((worker) => worker.exitPromise));
  }

  /**
   * Starts idle workers until `count` are warm, so that the first check
   * does not wait for process start-up. They stop after the idle timeout
   * if no check comes.
   */
  prewarm(count: number, scriptPath: string): void {
    const warm = this.idle.filter((worker) => !worker.exited && worker.scriptPath === scriptPath).length;
    for (let i = warm; i < count; i++) {
      this.release(this.spawn(scriptPath));
    }
  }

  /** Number of idle workers, for tests and diagnostics. */
  get idleCount(): number {
    return this.idle.length;
  }

  private scheduleIdleStop(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
    }
    this.idleTimer = setTimeout(() => {
      for (const worker of [...this.idle]) {
        this.discard(worker);
      }
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private spawn(scriptPath: string): PooledWorker {
    const child = fork(scriptPath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      env: { ...process.env },
    });
    let markExited!: () => void;
    const worker: PooledWorker = {
      serial: ++this.serial,
      child,
      scriptPath,
      output: [],
      exited: false,
      exitPromise: new Promise<void>((resolve) => {
        markExited = resolve;
      }),
    };
    this.all.add(worker);
    const keep = (chunk: Buffer) => {
      worker.output.push(chunk.toString('utf8'));
      if (worker.output.length > LOG_CHUNKS) {
        worker.output.splice(0, worker.output.length - LOG_CHUNKS / 2);
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (message) => worker.owner?.onMessage(worker, message));
    child.on('error', (error) => {
      worker.output.push(`${String(error)}\n`);
    });
    child.on('exit', (code, signal) => {
      worker.exited = true;
      this.all.delete(worker);
      this.idle = this.idle.filter((candidate) => candidate !== worker);
      markExited();
      worker.owner?.onExit(worker, code, signal);
    });
    return worker;
  }
}
