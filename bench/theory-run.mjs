// Bundles bench/theory.ts with esbuild into a temporary folder and runs it.
//
//   node bench/theory-run.mjs
import { runBenchmark } from './bundle.mjs';

await runBenchmark('theory');
