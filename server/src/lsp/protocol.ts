/**
 * Names and payloads shared by the language server and its clients: the
 * commands of workspace/executeCommand, the custom notification that
 * reports the server's check activity, and the settings section.
 */

/** Commands that the server executes through workspace/executeCommand. */
export const ServerCommands = {
  runCheck: 'msbound.runCheck',
  runAllChecks: 'msbound.runAllChecks',
  cancelChecks: 'msbound.cancelChecks',
  showResults: 'msbound.showResults',
  planSampleSize: 'msbound.planSampleSize',
  showDerivation: 'msbound.showDerivation',
  showBackend: 'msbound.showBackend',
} as const;

/**
 * Arguments of every server command, passed as the first element of
 * `arguments`. An experiment name wins over a position; with neither, the
 * command applies to the experiment at the cursor or, for run-all, to the
 * whole file.
 */
export interface CommandArguments {
  uri?: string;
  experiment?: string;
  /** Zero-based line and UTF-16 character, as an LSP Position. */
  position?: { line: number; character: number };
  /** Target bound for msbound.planSampleSize, in (0, 1]. */
  target?: number;
}

/** Result of msbound.showDerivation and msbound.planSampleSize. */
export interface MarkdownResult {
  title: string;
  markdown: string;
}

/** Notification from server to client whenever the number of running checks changes. */
export const CheckStatusNotification = 'msbound/checkStatus';

export interface CheckStatusParams {
  running: number;
}

/** Section of workspace/configuration that holds the settings. */
export const SettingsSection = 'msbound';

/** Settings the server reads; every field is optional on the wire. */
export interface ServerSettings {
  defaultPreset: 'paper' | 'mle_bracketing';
  defaultC: number;
  defaultDelta: number;
  inlayHints: { enabled: boolean; maxLength: number };
  checks: { workers?: number; backend?: string; timeLimitSeconds?: number };
}

export const defaultSettings: ServerSettings = {
  defaultPreset: 'paper',
  defaultC: 3,
  defaultDelta: 0.05,
  inlayHints: { enabled: true, maxLength: 60 },
  checks: {},
};
