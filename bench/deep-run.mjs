// Bundles bench/deep.ts with esbuild into a temporary folder and runs it;
// arguments pass through (for example `--steps 300 --repeats 2`).
//
//   node bench/deep-run.mjs --steps 300 --repeats 2
import { runBenchmark } from './bundle.mjs';

await runBenchmark('deep', process.argv.slice(2));
