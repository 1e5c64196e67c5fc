/**
 * The analysis API: text in, plain data out. This is the only entry point
 * that the language server and the CLI use for the static side (syntax,
 * semantics, bounds, claims). It does no I/O, never throws on any input,
 * and returns within time linear in the size of the text.
 */
import type { Diagnostic } from './diagnostics';
import type { Claim, Experiment, Preset, ResolvedPoint } from './semantics/model';
import type { LineIndex } from './text';
import type { BoundReport, ClaimResult } from './theory/types';

/** Defaults that editor settings and CLI flags may change. */
export interface AnalysisOptions {
  /** Preset for experiments that declare none (default `paper`). */
  defaultPreset?: Preset;
  /** Constant C of Theorem G when a spec gives none (default 3). */
  defaultC?: number;
  /** Confidence delta when a spec gives none (default 0.05). */
  defaultDelta?: number;
}

export interface PointAnalysis {
  point: ResolvedPoint;
  /** Absent when the model class has no bound yet or the point is invalid. */
  bounds?: BoundReport;
}

export interface ExperimentAnalysis {
  experiment: Experiment;
  /** One entry per sweep point (one when the experiment has no sweep). */
  points: PointAnalysis[];
  claims: { claim: Claim; result: ClaimResult }[];
}

export interface Analysis {
  text: string;
  lines: LineIndex;
  experiments: ExperimentAnalysis[];
  /** Syntax, validation and theory diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
}
