/**
 * The `msbound` command: bounds, checks and plans for `.msb` specs, in
 * batch, over the same analysis core as the language server.
 */
import { Command, CommanderError } from 'commander';
import { register as registerBounds } from './commands/bounds';
import { register as registerCheck } from './commands/check';
import { register as registerDoctor } from './commands/doctor';
import { register as registerLsp } from './commands/lsp';
import { register as registerPlan } from './commands/plan';
import { register as registerResults } from './commands/results';
import type { CliContext } from './context';
import { CliError, ExitCode } from './exit-codes';
import { VERSION } from '../version';

/** Runs the command line and resolves to the exit code; never calls process.exit. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  let exitCode: number = ExitCode.success;
  const scoped: CliContext = { ...context, setExitCode: (code) => (exitCode = code) };

  const program = new Command('msbound')
    .description('Bounds and empirical checks for conditional generative modeling on multiple data sources')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout(text),
      writeErr: (text) => context.stderr(text.trimEnd()),
    });

  registerBounds(program, scoped);
  registerCheck(program, scoped);
  registerPlan(program, scoped);
  registerResults(program, scoped);
  registerDoctor(program, scoped);
  registerLsp(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return exitCodeOf(error, context);
  }
  return exitCode;
}

function exitCodeOf(error: unknown, context: CliContext): number {
  if (error instanceof CliError) {
    context.stderr(`msbound: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof CommanderError) {
    // Help and version output end with code 0; usage errors were already printed.
    return error.exitCode === 0 ? ExitCode.success : ExitCode.invalidInput;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  context.stderr(`msbound: internal error: ${message}`);
  return ExitCode.invalidInput;
}

function processContext(): CliContext {
  const terminal = process.stderr.isTTY === true;
  let lastProgress = Date.now();
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (line) => process.stderr.write(line + '\n'),
    progress: (line) => {
      if (terminal) {
        process.stderr.write(`\r\x1b[K${line}`);
        return;
      }
      // Without a terminal, print at most one progress line a second, so short runs print none.
      const now = Date.now();
      if (line !== '' && now - lastProgress >= 1000) {
        lastProgress = now;
        process.stderr.write(line + '\n');
      }
    },
    setExitCode: () => undefined,
  };
}

if (require.main === module) {
  runCli(process.argv.slice(2), processContext()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`msbound: internal error: ${String(error)}\n`);
      process.exitCode = ExitCode.invalidInput;
    },
  );
}
