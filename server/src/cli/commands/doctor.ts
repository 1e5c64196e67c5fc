/**
 * `msbound doctor`: what this machine can run. Lists each compute backend
 * as available or not with the reason, the versions of msbound, Node and
 * TensorFlow.js, the worker script and the default number of workers. The
 * backends are probed in a worker process, as checks would use them.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync } from 'node:fs';
import type { BackendStatus } from '../../runner/backends';
import { defaultWorkers, probeBackends, resolveWorkerPath } from '../../runner/supervisor';
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
  /** Why the backends could not be probed (a missing or failing worker). */
  probeError?: string;
}

export async function doctorReport(): Promise<DoctorReport> {
  const workerPath = resolveWorkerPath();
  const report: DoctorReport = {
    msbound: MSBOUND_VERSION,
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    workerScript: { path: workerPath, present: existsSync(workerPath) },
    defaultWorkers: defaultWorkers(),
    backends: [],
  };
  try {
    const probe = await probeBackends();
    report.tfjs = probe.tfjs;
    report.wasmBinaries = probe.wasmFolder;
    report.backends = probe.backends;
    report.autoBackend = probe.backends.find((backend) => backend.available)?.name;
  } catch (error) {
    report.probeError = error instanceof Error ? error.message : String(error);
  }
  return report;
}

export function renderDoctor(report: DoctorReport): string {
  const lines = [
    `msbound ${report.msbound} on Node ${report.node} (${report.platform})`,
    `TensorFlow.js: ${report.tfjs ?? 'not found'}`,
    `worker script: ${report.workerScript.path} (${report.workerScript.present ? 'present' : 'missing: run `npm run build`'})`,
    `WASM binaries: ${report.wasmBinaries ?? 'missing: run `npm run build` to copy them into dist/'}`,
    `default workers: ${report.defaultWorkers}`,
    '',
  ];
  if (report.probeError) {
    lines.push(`compute backends: not probed, because ${report.probeError}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push('compute backends (deep models; Gaussian checks run in plain JavaScript):');
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
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
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
