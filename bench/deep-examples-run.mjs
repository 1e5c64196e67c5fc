// Bundles bench/deep-examples.ts with esbuild into a temporary folder and
// runs it on a spec, printing a Markdown table per experiment.
//
//   node bench/deep-examples-run.mjs examples/energy.msb [--backend wasm|cpu]
import { runBenchmark } from './bundle.mjs';

await runBenchmark('deep-examples', process.argv.slice(2));
