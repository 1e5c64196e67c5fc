/**
 * Names of the compute backends, in order of preference, and the parser of
 * a user's choice. Kept apart from backends.ts so that the CLI and the
 * language server can validate a `--backend` flag or setting without
 * bundling TensorFlow.js.
 */
export const BACKEND_NAMES = ['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu'] as const;

export type BackendName = (typeof BACKEND_NAMES)[number];

/** Normalises a user's backend choice; `auto`, empty or undefined mean "best available". */
export function parseBackendName(value: string | undefined): BackendName | 'auto' | { error: string } {
  if (value === undefined || value === '' || value === 'auto') {
    return 'auto';
  }
  if ((BACKEND_NAMES as readonly string[]).includes(value)) {
    return value as BackendName;
  }
  return { error: `unknown backend '${value}'; use auto, ${BACKEND_NAMES.join(', ')}` };
}
