// Bundles bench/lsp-latency.ts with esbuild into a temporary folder and
// runs it from the repository root.
//
//   node bench/lsp-latency-run.mjs [edits]
import { runBenchmark } from './bundle.mjs';

await runBenchmark('lsp-latency', process.argv.slice(2), { ...process.env, MSBOUND_ROOT: process.cwd() });
