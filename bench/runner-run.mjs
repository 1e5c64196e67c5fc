// Bundles bench/runner.ts and the check worker with esbuild into a
// temporary folder (the supervisor finds worker.js next to the bundle),
// then runs the benchmark.
//
//   node bench/runner-run.mjs [spec]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { withBundles } from './bundle.mjs';

const bundles = [
  { entry: 'bench/runner.ts', file: 'runner.cjs' },
  { entry: 'server/src/runner/worker.ts', file: 'worker.js' },
];

await withBundles(bundles, (folder) => {
  const env = { ...process.env };
  delete env.MSBOUND_WORKER_PATH;
  const result = spawnSync(process.execPath, [join(folder, 'runner.cjs'), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exitCode = result.status ?? 1;
});
