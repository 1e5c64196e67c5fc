/**
 * Runs the empirical checks of a spec with autoregressive or energy
 * models in this process and prints one Markdown table per experiment.
 * Each row is a sweep point with the mean exact R of single-source and
 * multi-source training over the seeds, their ratio next to the ratio
 * identity sqrt(1 - (K - 1) beta_sim / K), the bounds and the point
 * verdicts.
 *
 * Usage: node bench/deep-examples-run.mjs FILE.msb [--backend wasm|cpu]
 */
import { readFileSync } from 'node:fs';
import { analyze } from '../server/src/core/analysis';
import { summarizePoint, sweepVerdicts } from '../server/src/core/simulation';
import type { PointCheck, SeedResult } from '../server/src/core/simulation/types';
import { explicitBound, orderBound } from '../server/src/core/theory';
import { runDeepSeed, useTrainingBackend } from '../server/src/training';

function format(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (file === undefined) {
    throw new Error('Missing spec file. Usage: node bench/deep-examples-run.mjs FILE.msb [--backend wasm|cpu]');
  }
  const backendIndex = process.argv.indexOf('--backend');
  const backend = await useTrainingBackend(backendIndex > 0 ? process.argv[backendIndex + 1] : undefined);
  const analysis = analyze(readFileSync(file, 'utf8'));
  const errors = analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`${file} has errors: ${errors.map((error) => `${error.code} ${error.message}`).join('; ')}`);
  }

  const started = performance.now();
  console.log(`Checks of ${file} on the ${backend} backend (${new Date().toISOString().slice(0, 10)}).\n`);
  for (const experiment of analysis.experiments) {
    const checked: { point: (typeof experiment.points)[number]['point']; check: PointCheck }[] = [];
    console.log(`### ${experiment.experiment.name}\n`);
    console.log('| point | P_s/P | single R | multi R | multi/single | identity | order single | explicit single | premise | ordering | seconds |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const { point } of experiment.points) {
      const pointStarted = performance.now();
      const seeds: SeedResult[] = [];
      for (const seed of point.check.seeds) {
        seeds.push(await runDeepSeed(point, seed, { backend }));
      }
      const check = summarizePoint(point, seeds);
      checked.push({ point, check });
      const order = orderBound(point);
      const explicit = explicitBound(point);
      const single = check.empirical.single.mean;
      const multi = check.empirical.multi.mean;
      const verdict = (name: string) => check.verdicts.find((entry) => entry.name === name)?.status ?? '-';
      const label = Object.entries(point.sweepValues)
        .map(([symbol, value]) => `${symbol} = ${value}`)
        .join(', ');
      console.log(
        `| ${label || '(defaults)'} | ${format(order.counts.betaSim, 3)} | ${format(single)} ± ${format(check.empirical.single.se)} | ${format(multi)} ± ${format(check.empirical.multi.se)} | ${format(multi / single, 3)} | ${format(order.ratio.identity, 3)} | ${format(order.single.value)} | ${format(explicit.single.value, 2)} | ${verdict('premise')} | ${verdict('ordering')} | ${((performance.now() - pointStarted) / 1000).toFixed(1)} |`,
      );
    }
    for (const verdict of sweepVerdicts(checked)) {
      console.log(`\n${verdict.name}: ${verdict.status}. ${verdict.message}`);
    }
    console.log('');
  }
  console.log(`Total: ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
