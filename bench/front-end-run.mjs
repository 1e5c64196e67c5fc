// Bundles bench/front-end.ts with esbuild into a temporary folder and runs it.
//
//   node bench/front-end-run.mjs
import { runBenchmark } from './bundle.mjs';

await runBenchmark('front-end');
