/**
 * workspace/executeCommand handlers. Check commands start the check and
 * return at once (the CheckService reports progress and results), so a
 * long check never blocks other requests. Derivation, planning and
 * backend commands return Markdown for the client to show.
 */
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { ExperimentAnalysis } from '../core/analysis';
import { experimentAt, experimentByName } from '../core/ide/document';
import { derivationMarkdown, planMarkdown } from '../core/ide/hover';
import { probeBackends } from '../runner/supervisor';
import { toOffset } from './convert';
import { ServerCommands, type CommandArguments, type MarkdownResult } from './protocol';
import type { ServerContext } from './server';

/**
 * Reads the arguments of a command: an object `{ uri, experiment?,
 * position?, target? }`, or positional `[uri, experiment]` as some
 * clients send them.
 */
export function readCommandArguments(args: unknown[]): CommandArguments {
  const first = args[0];
  if (typeof first === 'string') {
    return { uri: first, experiment: typeof args[1] === 'string' ? args[1] : undefined, target: typeof args[1] === 'number' ? args[1] : undefined };
  }
  if (typeof first === 'object' && first !== null) {
    return first as CommandArguments;
  }
  return {};
}

export function executeCommand(context: ServerContext, command: string, args: unknown[], _token: CancellationToken): unknown {
  const parsed = readCommandArguments(args);

  switch (command) {
    case ServerCommands.runCheck: {
      const { uri, experiment } = requireExperiment(context, parsed);
      startChecks(context, uri, experiment.experiment.name);
      return { started: [experiment.experiment.name] };
    }
    case ServerCommands.runAllChecks: {
      const uri = requireDocument(context, parsed);
      startChecks(context, uri, undefined);
      return { started: context.documents.analysis(uri)!.experiments.map((entry) => entry.experiment.name) };
    }
    case ServerCommands.cancelChecks:
      context.checks.cancelAll();
      return { cancelled: true };
    case ServerCommands.showResults: {
      const uri = requireDocument(context, parsed);
      const experiment = findExperiment(context, uri, parsed);
      return context.checks.resultsData(uri, experiment?.experiment.name);
    }
    case ServerCommands.showDerivation: {
      const { experiment } = requireExperiment(context, parsed);
      const result: MarkdownResult = { title: `Derivation of ${experiment.experiment.name}`, markdown: derivationMarkdown(experiment) };
      return result;
    }
    case ServerCommands.planSampleSize: {
      const { experiment } = requireExperiment(context, parsed);
      const target = parsed.target;
      if (typeof target !== 'number' || !Number.isFinite(target) || target <= 0 || target > 1) {
        throw new ResponseError(ErrorCodes.InvalidParams, `msbound.planSampleSize: target must be a number in (0, 1], got ${JSON.stringify(target)}.`);
      }
      const result: MarkdownResult = { title: `Sample size for ${experiment.experiment.name}`, markdown: planMarkdown(experiment, target) };
      return result;
    }
    case ServerCommands.showBackend:
      return backendMarkdown(context);
    default:
      throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command '${command}'; the server runs ${Object.values(ServerCommands).join(', ')}.`);
  }
}

/** Starts checks without awaiting them and keeps the client's count of running checks current. */
function startChecks(context: ServerContext, uri: string, experiment: string | undefined): void {
  context.runningChecks++;
  context.notifyCheckStatus();
  context.log(`check: starting ${experiment ?? 'every experiment'} in ${uri}`);
  void context.checks
    .run(uri, experiment)
    .catch((error) => context.log(`check: ${experiment ?? 'run'} in ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
    .finally(() => {
      context.runningChecks = Math.max(0, context.runningChecks - 1);
      context.notifyCheckStatus();
      context.refresh(uri);
    });
}

function requireDocument(context: ServerContext, args: CommandArguments): string {
  if (typeof args.uri !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'The command needs the document: pass { uri } as its first argument.');
  }
  if (!context.documents.get(args.uri)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `The document ${args.uri} is not open; open it and run the command again.`);
  }
  return args.uri;
}

function findExperiment(context: ServerContext, uri: string, args: CommandArguments): ExperimentAnalysis | undefined {
  const ide = context.documents.ide(uri)!;
  if (typeof args.experiment === 'string') {
    return experimentByName(ide, args.experiment);
  }
  if (args.position) {
    return experimentAt(ide, toOffset(ide.analysis.lines, args.position));
  }
  return ide.analysis.experiments.length === 1 ? ide.analysis.experiments[0] : undefined;
}

function requireExperiment(context: ServerContext, args: CommandArguments): { uri: string; experiment: ExperimentAnalysis } {
  const uri = requireDocument(context, args);
  const experiment = findExperiment(context, uri, args);
  if (!experiment) {
    const what = typeof args.experiment === 'string' ? `No experiment named '${args.experiment}' in ${uri}` : 'The cursor is not inside an experiment';
    throw new ResponseError(ErrorCodes.InvalidParams, `${what}; place the cursor in an experiment or pass { experiment }.`);
  }
  return { uri, experiment };
}

/**
 * Probes the compute backends for deep-model checks in a worker process
 * (`probeBackends`), which loads TensorFlow.js there, so the server's
 * bundle and process stay free of it. A probe that fails is reported in
 * the Markdown with its reason rather than as an error.
 */
async function backendMarkdown(context: ServerContext): Promise<MarkdownResult> {
  const configured = context.settings().checks.backend ?? 'auto';
  const lines = [`# Compute backends`, '', `Configured: \`${configured}\`. The first available one in this order is used for \`auto\`.`, ''];
  try {
    const probe = await probeBackends();
    lines.push('| backend | available | package | version | details |', '|---|---|---|---|---|');
    for (const status of probe.backends) {
      const details = status.reason.replace(/\|/g, '\\|');
      lines.push(`| ${status.name} | ${status.available ? 'yes' : 'no'} | ${status.packageName} | ${status.version ?? ''} | ${details} |`);
    }
    lines.push('', `TensorFlow.js: ${probe.tfjs ?? 'not found'}. WASM binaries: ${probe.wasmFolder ?? 'not found; run \`npm run build\` to copy them into dist/'}.`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.log(`showBackend: ${reason}`);
    lines.push(`The backends could not be probed: ${reason}`);
  }
  lines.push('', 'Conditional Gaussian checks use closed forms on the CPU and need no backend.');
  return { title: 'Compute backends', markdown: lines.join('\n') };
}
