/**
 * Latency of the language server over stdio, measured from a real client:
 * the time from sending textDocument/didChange to receiving the matching
 * publishDiagnostics, and the round trip of textDocument/hover, on a
 * generated spec of about 1,000 lines. Prints medians and 95th
 * percentiles as a Markdown section for docs/benchmarks.md, with the
 * time of one whole-document analysis for comparison.
 *
 * Run: node bench/lsp-latency-run.mjs [edits]   (bundles this file with esbuild first)
 * Targets: didChange -> diagnostics < 50 ms, hover < 5 ms (medians).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TestClient, buildServer, fileUri, repositoryRoot } from '../test/lsp/client';
import { analyze } from '../server/src/core/analysis';
import { generateSpec } from './lsp-spec';

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function summary(values: number[]): { median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] };
}

async function main(): Promise<void> {
  const edits = Number(process.argv[2] ?? 200);
  buildServer();
  const client = new TestClient();
  await client.initialize();

  const text = generateSpec(1000);
  const lineCount = text.split('\n').length;
  const uri = fileUri(path.join(repositoryRoot, 'bench', 'generated.msb'));
  await client.open(uri, text, 1);
  await client.waitForDiagnostics(uri, (params) => params.version === 1, 60_000);

  // Edit the sample size of one experiment per step, cycling through them.
  const lines = text.split('\n');
  const samplesLines = lines.map((line, index) => (line.startsWith('  samples n = ') ? index : -1)).filter((index) => index >= 0);
  const modelLines = lines.map((line, index) => (line.startsWith('  model gaussian') ? index : -1)).filter((index) => index >= 0);

  const changeTimes: number[] = [];
  const hoverTimes: number[] = [];
  let version = 1;
  for (let step = 0; step < edits; step++) {
    const line = samplesLines[step % samplesLines.length];
    const current = lines[line];
    const next = `  samples n = ${300 + step}`;
    lines[line] = next;
    version++;
    const target = version;
    const started = performance.now();
    const published = client.waitForDiagnostics(uri, (params) => params.version === target, 60_000);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: current.length } }, text: next }],
    });
    await published;
    changeTimes.push(performance.now() - started);

    const hoverLine = modelLines[step % modelLines.length];
    const hoverStarted = performance.now();
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: hoverLine, character: 3 } });
    hoverTimes.push(performance.now() - hoverStarted);
    if (hover === null) {
      throw new Error(`hover on line ${hoverLine + 1} returned nothing`);
    }
  }
  await client.shutdown();

  // Whole-document analysis in this process, without the server or the family cache.
  const wholeRuns = 20;
  const wholeTimes: number[] = [];
  for (let run = 0; run < wholeRuns; run++) {
    const started = performance.now();
    analyze(lines.join('\n'));
    wholeTimes.push(performance.now() - started);
  }
  const whole = summary(wholeTimes);

  const change = summary(changeTimes);
  const hover = summary(hoverTimes);
  const format = (value: number): string => value.toFixed(2);
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    '## Language server latency',
    '',
    `Date: ${date}. Machine: ${machine}.`,
    '',
    `Command: \`node bench/lsp-latency-run.mjs ${edits}\`. The benchmark starts dist/server.js over stdio, opens a generated spec of ${lineCount} lines (${samplesLines.length * 2} experiments, half of them sweeping n over 5 values), then ${edits} times replaces one \`samples\` line with an incremental didChange and waits for the publishDiagnostics of that version, and sends one hover on a model line. Each didChange parses the whole document and re-analyses only the family of experiments (connected by \`extends\`) that the edit touched; the hover reuses the analysis of that version. For comparison, one whole-document \`analyze\` of the same spec in this process takes ${format(whole.median)} ms (median of ${wholeRuns}, p95 ${format(whole.p95)} ms).`,
    '',
    '| measurement | median (ms) | p95 (ms) | max (ms) | target |',
    '|---|---|---|---|---|',
    `| didChange -> publishDiagnostics | ${format(change.median)} | ${format(change.p95)} | ${format(change.max)} | < 50 ms |`,
    `| hover round trip | ${format(hover.median)} | ${format(hover.p95)} | ${format(hover.max)} | < 5 ms |`,
    '',
  ].join('\n');
  process.stdout.write(report);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
