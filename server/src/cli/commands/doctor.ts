/**
 * `msbound doctor`: what this machine can run. Lists each compute backend
 * as available or not with the reason, the versions of msbound, Node and
 * TensorFlow.js, the worker script and the default number of workers.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { Option } from 'commander';
import { detectBackends, packageVersion, wasmFolder, type BackendStatus } from '../../runner/backends';
import { defaultWorkers, resolveWorkerPath } from '../../runner/supervisor';
import { MSBOUND_VERSION } from '../../runner/versions';
import type { CliContext } from '../context';

/** Everything the doctor reports, also its JSON output. */
export interface DoctorReport {
  msbound: string;
  node: string;
  platform: string;
  tfjs?: string;
  workerScript: { path: string; present: boolean };
  wasmBinaries?: string;
  defaultWorkers: number;
  backends: BackendStatus[];
  /** Backend that `auto` picks: the first available in the list. */
  autoBackend?: string;
}

export async function doctorReport(): Promise<DoctorReport> {
  const workerPath = resolveWorkerPath();
  const backends = await detectBackends();
  return {
    msbound: MSBOUND_VERSION,
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    tfjs: packageVersion('@tensorflow/tfjs'),
    workerScript: { path: workerPath, present: existsSync(workerPath) },
    wasmBinaries: wasmFolder(),
    defaultWorkers: defaultWorkers(),
    backends,
    autoBackend: backends.find((backend) => backend.available)?.name,
  };
}

export function renderDoctor(report: DoctorReport): string {
  const lines = [
    `msbound ${report.msbound} on Node ${report.node} (${report.platform})`,
    `TensorFlow.js: ${report.tfjs ?? 'not found'}`,
    `worker script: ${report.workerScript.path} (${report.workerScript.present ? 'present' : 'missing: run `npm run build`'})`,
    `WASM binaries: ${report.wasmBinaries ?? 'missing: run `npm run build` to copy them into dist/'}`,
    `default workers: ${report.defaultWorkers}`,
    '',
    'compute backends (deep models; Gaussian checks run in plain JavaScript):',
  ];
  const width = Math.max(...report.backends.map((backend) => backend.name.length));
  for (const backend of report.backends) {
    const mark = backend.available ? 'available    ' : 'not available';
    const version = backend.version ? ` [${backend.packageName}@${backend.version}]` : '';
    lines.push(`  ${backend.name.padEnd(width)}  ${mark}  ${backend.reason}${version}`);
  }
  lines.push('', `auto picks: ${report.autoBackend ?? 'none (no backend works)'}`);
  return `${lines.join('\n')}\n`;
}

export function register(program: Command, context?: CliContext): void {
  program
    .command('doctor')
    .description('list the compute backends that work here (with the reason when not), versions and worker settings')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (options: { format: 'text' | 'json' }) => {
      const report = await doctorReport();
      const text = options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderDoctor(report);
      if (context) {
        context.stdout(text);
      } else {
        process.stdout.write(text);
      }
    });
}
