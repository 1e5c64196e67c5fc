/** Options that several commands share, and their validation. */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { AnalysisOptions } from '../core/analysis';
import type { Preset } from '../core/semantics/model';

export type OutputFormat = 'text' | 'json' | 'csv';

export interface CommonOptions {
  experiment?: string;
  format: OutputFormat;
  preset?: Preset;
  constant?: number;
  delta?: number;
}

/** Adds --experiment, --format and the analysis defaults to a command. */
export function addCommonOptions(command: Command): Command {
  return command
    .option('-e, --experiment <name>', 'analyse only the experiment with this name')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'csv']).default('text'))
    .addOption(
      new Option('--preset <preset>', 'bound preset for experiments that declare none').choices(['paper', 'mle_bracketing']),
    )
    .option('--constant <C>', 'constant C of Theorem G for specs that give none (default 3)', positiveNumber)
    .option('--delta <delta>', 'confidence delta for specs that give none (default 0.05), in (0, 1)', probability);
}

export function analysisOptions(options: CommonOptions): AnalysisOptions {
  return { defaultPreset: options.preset, defaultC: options.constant, defaultDelta: options.delta };
}

export function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`expected a positive number, got '${text}'`);
  }
  return value;
}

export function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`expected a whole number of at least 1, got '${text}'`);
  }
  return value;
}

function probability(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value >= 1) {
    throw new InvalidArgumentError(`expected a number strictly between 0 and 1, got '${text}'`);
  }
  return value;
}
