/**
 * Reading a spec file and reporting its diagnostics the way compilers do:
 * `file:line:col: severity: message [code]`, with 1-based lines and
 * 1-based columns counted in UTF-16 code units (the unit of VS Code's
 * status bar and, minus one, of LSP positions).
 */
import { readFileSync } from 'node:fs';
import type { Analysis, AnalysisOptions, ExperimentAnalysis } from '../core/analysis';
import { analyze } from '../core/analysis';
import type { Diagnostic } from '../core/diagnostics';
import { REFUTED_CLAIM } from '../core/theory/diagnostics';
import { CliError } from './exit-codes';

export interface LoadedSpec {
  path: string;
  analysis: Analysis;
}

/** Reads and analyses a spec; throws CliError when it cannot be read or has errors. */
export function loadSpec(path: string, options: AnalysisOptions, stderr: (line: string) => void): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`${path}: failed to read the spec file: ${reason}`);
  }

  const analysis = analyze(text, options);
  for (const diagnostic of analysis.diagnostics) {
    if (diagnostic.severity !== 'hint') {
      stderr(formatDiagnostic(path, analysis, diagnostic));
    }
  }

  const errorCount = analysis.diagnostics.filter((d) => d.severity === 'error' && !isClaimRefutation(d)).length;
  if (errorCount > 0) {
    throw new CliError(`${path}: ${errorCount} error${errorCount === 1 ? '' : 's'} in the spec; fix them and run again`);
  }
  return { path, analysis };
}

/**
 * Reports whether a diagnostic is a refuted claim. A refuted claim is an
 * error in the editor, but the spec is still valid, so the CLI reports it
 * through exit code 1 instead of rejecting the spec.
 */
export function isClaimRefutation(diagnostic: Diagnostic): boolean {
  return diagnostic.code === REFUTED_CLAIM;
}

export function formatDiagnostic(path: string, analysis: Analysis, diagnostic: Diagnostic): string {
  const position = analysis.lines.position(diagnostic.span.start);
  const location = `${path}:${position.line + 1}:${position.column + 1}`;
  const fix = diagnostic.fixes?.[0] ? ` (fix: ${diagnostic.fixes[0].title})` : '';
  return `${location}: ${diagnostic.severity}: ${diagnostic.message} [${diagnostic.code}]${fix}`;
}

/** Selects the experiments named by --experiment, or all of them. */
export function selectExperiments(loaded: LoadedSpec, name: string | undefined): ExperimentAnalysis[] {
  const experiments = loaded.analysis.experiments;
  if (name === undefined) {
    if (experiments.length === 0) {
      throw new CliError(`${loaded.path}: the spec declares no experiment; add one such as \`experiment base { ... }\``);
    }
    return experiments;
  }

  const selected = experiments.filter((e) => e.experiment.name === name);
  if (selected.length === 0) {
    const names = experiments.map((e) => e.experiment.name).join(', ') || 'none';
    throw new CliError(`${loaded.path}: no experiment named '${name}'; the spec declares: ${names}`);
  }
  return selected;
}
