// Bundles bench/runner.ts and the check worker with esbuild into a
// temporary folder (the supervisor finds worker.js next to the bundle),
// then runs the benchmark.
//
//   node bench/runner-run.mjs [spec]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'msbound-bench-runner-'));
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-webgpu', 'webgpu'] };

try {
  await esbuild.build({ ...common, entryPoints: ['bench/runner.ts'], outfile: join(folder, 'runner.cjs') });
  await esbuild.build({ ...common, entryPoints: ['server/src/runner/worker.ts'], outfile: join(folder, 'worker.js') });
  const env = { ...process.env };
  delete env.MSBOUND_WORKER_PATH;
  const result = spawnSync(process.execPath, [join(folder, 'runner.cjs'), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
