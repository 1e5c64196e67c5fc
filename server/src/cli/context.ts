/** What a command may touch: output streams and the exit code, injectable for tests. */
export interface CliContext {
  stdout(text: string): void;
  stderr(line: string): void;
  /** Progress line on stderr, overwritten in place on a terminal. */
  progress(line: string): void;
  setExitCode(code: number): void;
}
