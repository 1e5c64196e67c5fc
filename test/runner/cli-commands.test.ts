/**
 * `msbound results` and `msbound doctor`, driven through commander as the
 * CLI registers them, on a temporary workspace with real stored runs.
 */
import { Command } from 'commander';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import { register as registerDoctor, type DoctorReport } from '../../server/src/cli/commands/doctor';
import { register as registerResults } from '../../server/src/cli/commands/results';
import type { CliContext } from '../../server/src/cli/context';
import { buildRecord, storeFolder, writeRecord, type ResultRecord } from '../../server/src/runner/store';
import { startCheck } from '../../server/src/runner/supervisor';
import { buildWorker, removeFolder, smallSpec, sweepSpec } from './helpers';

async function runCommand(register: (program: Command, context: CliContext) => void, args: string[]): Promise<{ stdout: string; stderr: string[] }> {
  const out = { stdout: '', stderr: [] as string[] };
  const context: CliContext = {
    stdout: (text) => (out.stdout += text),
    stderr: (line) => out.stderr.push(line),
    progress: () => undefined,
    setExitCode: () => undefined,
  };
  const program = new Command('msbound').exitOverride();
  register(program, context);
  await program.parseAsync(args, { from: 'user' });
  return out;
}

let workerFolder: string | undefined;
let workspace: string;
let specPath: string;

/** Runs the experiment of `text` through the supervisor and stores the run. */
async function checkAndStore(text: string, experiment: string): Promise<ResultRecord> {
  const outcome = await startCheck({ specText: text, experiment, workers: 2 }, () => undefined).done;
  const experimentAnalysis = analyze(text).experiments.find((entry) => entry.experiment.name === experiment)!;
  const record = buildRecord({
    outcome,
    points: experimentAnalysis.points.map((entry) => entry.point),
    bounds: experimentAnalysis.points.map((entry) => entry.bounds && { preset: entry.bounds.preset, single: entry.bounds.single.value, multi: entry.bounds.multi.value }),
    workspaceRoot: workspace,
    specPath,
  });
  writeRecord(workspace, record);
  return record;
}

beforeAll(async () => {
  workerFolder = await buildWorker();
  workspace = mkdtempSync(path.join(os.tmpdir(), 'msbound-cli-'));
  specPath = path.join(workspace, 'spec.msb');
});

afterAll(() => {
  removeFolder(workerFolder);
  removeFolder(workspace);
});

describe('msbound results', () => {
  it('lists, exports and marks stale runs', async () => {
    const text = `${sweepSpec(6)}\n${smallSpec(4)}`;
    writeFileSync(specPath, text);
    const sweep = await checkAndStore(text, 'sweep_n');
    const small = await checkAndStore(text, 'small');
    writeFileSync(path.join(storeFolder(workspace), 'broken.json'), '{');

    const listed = await runCommand(registerResults, ['results', '--spec', specPath]);
    expect(listed.stderr).toEqual([expect.stringMatching(/^msbound: skipped .*broken\.json: not valid JSON/)]);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+spec\s+experiment\s+status\s+seeds\s+verdicts\s+backend\s+wall\s+stale$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[2])).toEqual(['sweep_n', 'small']);
    expect(lines.slice(1).every((line) => line.endsWith('current'))).toBe(true);

    const csv = await runCommand(registerResults, ['results', '--spec', specPath, '--format', 'csv']);
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe(
      'id,created_at,spec,experiment,status,partial,stale,backend,engine_version,config_hash,sweep,seeds,single_mean,single_se,multi_mean,multi_se,bound_single,bound_multi,verdicts_failed,wall_ms',
    );
    expect(rows).toHaveLength(1 + 3 + 1);
    const first = rows[1].split(',');
    expect(first[0]).toBe(sweep.id);
    expect(first[10]).toBe('n=100');
    expect(Number(first[12])).toBe(sweep.check!.points[0].empirical.single.mean);
    expect(Number(first[16])).toBe(sweep.points[0].bounds!.single);

    const perSeed = await runCommand(registerResults, ['results', '--spec', specPath, '--format', 'csv', '--per-seed', '--experiment', 'small']);
    const seedRows = perSeed.stdout.trimEnd().split('\n').slice(1);
    expect(seedRows.map((row) => row.split(',')[11])).toEqual(['0', '1', '2', '3']);
    expect(seedRows.every((row) => row.split(',')[0] === small.id)).toBe(true);

    // Change a number of `small` only: its record turns stale, the sweep's stays current.
    writeFileSync(specPath, text.replace('experiment small {\n  sources K = 3', 'experiment small {\n  sources K = 4'));
    const json = await runCommand(registerResults, ['results', '--spec', specPath, '--format', 'json']);
    const records = JSON.parse(json.stdout) as (ResultRecord & { stale: boolean })[];
    expect(records.map((record) => [record.experiment, record.stale])).toEqual([
      ['sweep_n', false],
      ['small', true],
    ]);
  });

  it('says where it looked when there are no results', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'msbound-empty-'));
    try {
      const listed = await runCommand(registerResults, ['results', '--root', empty]);
      expect(listed.stdout).toBe(`no stored results under ${storeFolder(empty)}\n`);
    } finally {
      removeFolder(empty);
    }
  });
});

describe('msbound doctor', () => {
  it('reports backends, versions and worker', async () => {
    const { stdout } = await runCommand(registerDoctor, ['doctor', '--format', 'json']);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.node).toBe(process.versions.node);
    expect(report.workerScript).toEqual({ path: process.env.MSBOUND_WORKER_PATH, present: true });
    expect(report.probeError).toBeUndefined();
    expect(report.tfjs).toBe('4.22.0');
    expect(report.wasmBinaries).toBe(path.dirname(process.env.MSBOUND_WORKER_PATH!));
    expect(report.backends.map((backend) => backend.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu']);
    expect(report.autoBackend).toBe(report.backends.find((backend) => backend.available)?.name);

    const text = await runCommand(registerDoctor, ['doctor']);
    for (const backend of report.backends) {
      expect(text.stdout).toContain(`${backend.available ? 'available    ' : 'not available'}  ${backend.reason}`);
    }
  });
});
