/**
 * Versions that every result records: msbound's own version and Node's.
 */
import { VERSION } from '../version';
import type { RunnerVersions } from './protocol';

/** Version of msbound (package.json is its only source). */
export const MSBOUND_VERSION: string = VERSION;

/** Versions known without loading any compute backend. */
export function baseVersions(): RunnerVersions {
  return { msbound: MSBOUND_VERSION, node: process.versions.node };
}
