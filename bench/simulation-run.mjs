// Bundles bench/simulation.ts with esbuild into a temporary folder, then
// times whole `node` processes of the three sweeps (median and minimum of
// 10 runs) and runs the warm per-simulation benchmark.
//
//   node bench/simulation-run.mjs [runs]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { withBundles } from './bundle.mjs';

const runs = Number(process.argv[2] ?? 10);

await withBundles([{ entry: 'bench/simulation.ts', file: 'simulation.cjs' }], (folder) => {
  const bundle = join(folder, 'simulation.cjs');
  const walls = [];
  let output = '';
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [bundle, 'sweeps'], { encoding: 'utf8' });
    walls.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`sweeps run failed: ${result.stderr}`);
    output = result.stdout;
  }
  walls.sort((a, b) => a - b);
  console.log(output);
  console.log(`Three sweeps, 5 seeds, whole process (node ${process.version}, ${runs} runs): median ${walls[Math.floor(runs / 2)].toFixed(0)} ms, min ${walls[0].toFixed(0)} ms`);

  const baseline = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  console.log(`Empty node process for comparison: ${(performance.now() - baseline).toFixed(0)} ms`);

  const warm = spawnSync(process.execPath, [bundle, 'warm'], { encoding: 'utf8' });
  if (warm.status !== 0) throw new Error(`warm run failed: ${warm.stderr}`);
  console.log(warm.stdout);
});
