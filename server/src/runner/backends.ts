/**
 * Compute backends for the deep-model checks (TensorFlow.js), in order of
 * preference: tfjs-node-gpu (CUDA), tfjs-node (native TensorFlow on CPU),
 * webgpu (Dawn for Node), wasm (WebAssembly, bundled) and cpu (pure
 * JavaScript, always there).
 *
 * The native and WebGPU packages are optional and not bundled. They are
 * looked up at run time with `require`, and each one that cannot be used
 * is reported with the reason: not installed, failed to load (with the
 * error), or no device. The WASM backend is bundled; its .wasm binaries
 * are copied next to the bundle (dist/) by the build, and `setWasmPaths`
 * points the backend at them.
 *
 * Gaussian checks use closed-form estimators in plain JavaScript and load
 * none of this; their results record the backend `js`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BACKEND_NAMES, parseBackendName, type BackendName } from './backend-names';
import type { RunnerVersions } from './protocol';

export { BACKEND_NAMES, parseBackendName, type BackendName };

/** Result of probing one backend. */
export interface BackendStatus {
  name: BackendName;
  available: boolean;
  /** Reason it is unavailable, or the TensorFlow.js backend it runs as when available. */
  reason: string;
  /** npm package that provides it. */
  packageName: string;
  /** Installed version of that package, when found. */
  version?: string;
}

/** A backend made active in this process. */
export interface ActiveBackend {
  name: BackendName;
  /** Name of the backend in TensorFlow.js's registry (`tensorflow`, `webgpu`, `wasm`, `cpu`). */
  tfBackend: string;
  versions: Partial<RunnerVersions>;
  /** Backends tried before this one and why each was skipped. */
  skipped: { name: BackendName; reason: string }[];
}

const PACKAGES: Record<BackendName, string> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

/** The TensorFlow.js module; loaded lazily so that Gaussian-only processes never pay for it. */
type Tf = typeof import('@tensorflow/tfjs');

let tfModule: Tf | undefined;

export function loadTf(): Tf {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!tfModule) {
    tfModule = require('@tensorflow/tfjs') as Tf;
    // Production mode: no per-operation debug checks, and no console banners that would mix into CLI output.
    tfModule.enableProdMode();
  }
  return tfModule;
}

/**
 * Version of an installed package, read from its package.json without
 * loading it; undefined when it is not installed.
 */
export function packageVersion(packageName: string): string | undefined {
  try {
    // Resolve the package folder through Node's own lookup from this file and from the working folder.
    const paths = [__dirname, process.cwd()];
    const manifest = require.resolve(`${packageName}/package.json`, { paths });
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: string }).version;
  } catch {
    return bundledVersion(packageName);
  }
}

/** Versions of the packages bundled into dist/ (inlined at build time). */
function bundledVersion(packageName: string): string | undefined {
  if (packageName === '@tensorflow/tfjs' || packageName === '@tensorflow/tfjs-backend-wasm') {
    try {
      return loadTf().version.tfjs;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Loads an optional package, or returns the reason it cannot be used. */
function requireOptional(packageName: string): { ok: true; module: unknown } | { ok: false; reason: string } {
  try {
    // Found next to msbound (its node_modules) or in the folder it runs in (the workspace).
    const resolved = require.resolve(packageName, { paths: [__dirname, process.cwd()] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ok: true, module: require(resolved) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (code === 'MODULE_NOT_FOUND' && message.includes(packageName)) {
      return { ok: false, reason: `not installed (npm install ${packageName})` };
    }
    return { ok: false, reason: `failed to load: ${message}` };
  }
}

/** True when the machine shows an NVIDIA driver with a device (Linux: /proc and /dev). */
function hasCudaDevice(): boolean {
  return fs.existsSync('/proc/driver/nvidia/version') || fs.existsSync('/dev/nvidia0');
}

/**
 * Folder with the WASM binaries: next to the running bundle (dist/), else
 * the installed package's dist/ (running from sources).
 */
export function wasmFolder(): string | undefined {
  const candidates = [__dirname, path.resolve(__dirname, '..', '..', '..', 'dist')];
  try {
    candidates.push(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', { paths: [__dirname, process.cwd()] })));
  } catch {
    // Not installed as a package: only the copies next to the bundle can serve.
  }
  return candidates.find((folder) => fs.existsSync(path.join(folder, 'tfjs-backend-wasm.wasm')));
}

/**
 * Makes one backend active in TensorFlow.js. Throws with the reason when
 * it cannot be used.
 */
async function activate(name: BackendName): Promise<string> {
  const tf = loadTf();
  switch (name) {
    case 'tfjs-node-gpu':
    case 'tfjs-node': {
      const loaded = requireOptional(PACKAGES[name]);
      if (!loaded.ok) {
        throw new Error(loaded.reason);
      }
      if (name === 'tfjs-node-gpu' && !hasCudaDevice()) {
        throw new Error('no CUDA device (no NVIDIA driver found)');
      }
      await setBackend(tf, 'tensorflow');
      return 'tensorflow';
    }
    case 'webgpu': {
      // NOTE: tested up to "no adapter" only: no machine with a GPU that Dawn accepts was available.
      const dawn = requireOptional('webgpu');
      if (!dawn.ok) {
        throw new Error(`Dawn for Node: ${dawn.reason}`);
      }
      const globals = dawn.module as { create?: (flags: string[]) => unknown; globals?: Record<string, unknown> };
      if (typeof globals.create !== 'function') {
        throw new Error('the webgpu package does not export create()');
      }
      const g = globalThis as Record<string, unknown>;
      if (globals.globals) {
        Object.assign(g, globals.globals);
      }
      if (!g.navigator) {
        g.navigator = {};
      }
      (g.navigator as Record<string, unknown>).gpu = globals.create([]);
      const gpu = (g.navigator as { gpu: { requestAdapter(): Promise<unknown> } }).gpu;
      const adapter = await gpu.requestAdapter();
      if (!adapter) {
        throw new Error('no WebGPU adapter (no GPU that Dawn can use)');
      }
      const loaded = requireOptional(PACKAGES.webgpu);
      if (!loaded.ok) {
        throw new Error(loaded.reason);
      }
      await setBackend(tf, 'webgpu');
      return 'webgpu';
    }
    case 'wasm': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      const folder = wasmFolder();
      if (!folder) {
        throw new Error('the .wasm binaries are missing next to the bundle; run `npm run build` to copy them into dist/');
      }
      if (tf.getBackend() !== 'wasm') {
        try {
          wasm.setWasmPaths(`${folder}${path.sep}`);
        } catch {
          // Paths were set by an earlier activation in this process.
        }
      }
      await setBackend(tf, 'wasm');
      return 'wasm';
    }
    case 'cpu': {
      await setBackend(tf, 'cpu');
      return 'cpu';
    }
  }
}

async function setBackend(tf: Tf, name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) {
    throw new Error(`TensorFlow.js could not initialise the ${name} backend`);
  }
  await tf.ready();
}

/**
 * Activates the forced backend, or the first that works in preference
 * order. A forced backend that fails is an error (no silent fallback).
 */
export async function activateBackend(requested?: string): Promise<ActiveBackend> {
  const choice = parseBackendName(requested);
  if (typeof choice === 'object') {
    throw new Error(choice.error);
  }
  const order: BackendName[] = choice === 'auto' ? [...BACKEND_NAMES] : [choice];
  const skipped: { name: BackendName; reason: string }[] = [];
  for (const name of order) {
    try {
      const tfBackend = await activate(name);
      const tf = loadTf();
      return {
        name,
        tfBackend,
        skipped,
        versions: { tfjs: tf.version.tfjs, backendPackage: `${PACKAGES[name]}@${packageVersion(PACKAGES[name]) ?? tf.version.tfjs}` },
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (choice !== 'auto') {
        throw new Error(`backend ${name} is not available: ${reason}; run \`msbound doctor\` to see which backends work here`);
      }
      skipped.push({ name, reason });
    }
  }
  throw new Error(`no compute backend works: ${skipped.map((entry) => `${entry.name}: ${entry.reason}`).join('; ')}`);
}

/**
 * Probes every backend without keeping any active (for `msbound doctor`).
 * Each probe runs a small tensor operation, so "available" means it computed.
 */
export async function detectBackends(): Promise<BackendStatus[]> {
  const statuses: BackendStatus[] = [];
  for (const name of BACKEND_NAMES) {
    const packageName = PACKAGES[name];
    const version = packageVersion(packageName);
    try {
      const tfBackend = await activate(name);
      const tf = loadTf();
      const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
      if (sum[0] !== 4 || sum[1] !== 6) {
        throw new Error(`a test addition gave ${Array.from(sum).join(', ')} instead of 4, 6`);
      }
      statuses.push({ name, available: true, reason: `runs as TensorFlow.js backend '${tfBackend}'`, packageName, version });
    } catch (error) {
      statuses.push({ name, available: false, reason: error instanceof Error ? error.message : String(error), packageName, version });
    }
  }
  return statuses;
}
