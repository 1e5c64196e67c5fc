/** Process exit codes of the `msbound` command, documented in docs/cli.md. */
export const ExitCode = {
  /** No evaluated claim was refuted and no verdict failed (or none was decided). */
  success: 0,
  /** A claim was refuted or a verdict of an empirical check failed. */
  claimOrVerdictFailed: 1,
  /** The spec is invalid, a file could not be read, or the command line is wrong. */
  invalidInput: 2,
  /** A check was stopped by Ctrl-C (128 + SIGINT, the shell convention); the output contains the finished seeds. */
  interrupted: 130,
} as const;

/** An error that ends the command with a message and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.invalidInput,
  ) {
    super(message);
  }
}
