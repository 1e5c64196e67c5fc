/**
 * The semantic model: experiments after parsing, name resolution and
 * inheritance, with every value still an expression so that sweeps can
 * evaluate them again at each point. Plain data only.
 */
import type { Span } from '../text';

/** An expression from the spec, parsed but not yet evaluated. */
export interface ExpressionRef {
  /** Source text of the expression. */
  text: string;
  span: Span;
  /** Set when the parser already rejected the text (too long or nested too deeply); it is not evaluated. */
  rejected?: boolean;
}

/** A setting of an experiment: the expression and where it was written. */
export interface Setting {
  /** Name bound to the value for use in other expressions, such as `K`. */
  symbol: string;
  expression: ExpressionRef;
  /** Span of the whole statement that defines the setting. */
  span: Span;
  /** Name of the experiment that defines it (itself or an ancestor). */
  definedIn: string;
  /** Key of the statement (`sources`, `dim`, `seeds`, ...). */
  key?: string;
  keySpan?: Span;
  /** Span of the symbol when the spec writes it (`K` in `sources K = 5`). */
  symbolSpan?: Span;
  /** Items of a list value `[a, b]`; `expression` then covers the whole list. */
  list?: ExpressionRef[];
  /** Set when the value is a string literal; `expression.text` keeps the quotes. */
  stringValue?: string;
  /** Set when the statement has a syntax error: its value is unknown and not reported again. */
  broken?: boolean;
}

export type ModelClass = 'gaussian' | 'autoregressive' | 'energy';

export type Preset = 'paper' | 'mle_bracketing';

/** Comparison operators that a claim may use. */
export type Comparison = '<' | '<=' | '>' | '>=';

/**
 * A claim term: one of the bound quantities, or an expression.
 * `ratio` is multi / single and `advantage` is single - multi.
 */
export type ClaimTerm =
  | { kind: 'quantity'; quantity: 'single' | 'multi' | 'ratio' | 'advantage'; span: Span }
  | { kind: 'expression'; expression: ExpressionRef };

export interface Claim {
  left: ClaimTerm;
  comparison: Comparison;
  right: ClaimTerm;
  /** Source text of the whole claim, for messages. */
  text: string;
  span: Span;
  definedIn: string;
}

/** One swept parameter and the expressions of its values. */
export interface SweepAxis {
  symbol: string;
  symbolSpan: Span;
  values: ExpressionRef[];
  span: Span;
  definedIn: string;
}

export interface CheckSettings {
  /** Explicit seeds, or a count N meaning seeds 0, 1, ..., N - 1. */
  seeds?: { kind: 'list'; values: ExpressionRef[]; span: Span } | { kind: 'count'; count: ExpressionRef; span: Span };
  testSamples?: Setting;
  /** Any further key of the check block, by key name. */
  extra: Record<string, Setting>;
  span?: Span;
}

export interface ModelDeclaration {
  modelClass: ModelClass;
  classSpan: Span;
  /** Settings of the model block, by key (`dim`, `shared`, ...). */
  settings: Record<string, Setting>;
  span: Span;
  definedIn: string;
}

/** Named sources with weights, or a count with uniform weights. */
export type SourcesDeclaration =
  | { kind: 'count'; count: Setting }
  | { kind: 'named'; names: { name: string; nameSpan: Span; weight: ExpressionRef }[]; span: Span; definedIn: string };

/** Total sample size (multinomial per-source counts) or a fixed count per source. */
export type SamplesDeclaration = { kind: 'total'; total: Setting } | { kind: 'per_source'; perSource: Setting };

export interface Experiment {
  name: string;
  /** Set when `extends` names an unknown experiment or is part of a cycle (already reported). */
  inheritanceBroken?: boolean;
  /** Set when some statement has a syntax error (already reported), so missing settings are not reported again. */
  hasBrokenStatements?: boolean;
  nameSpan: Span;
  span: Span;
  /** Name of the parent after `extends`, when there is one. */
  parent?: { name: string; span: Span };
  sources?: SourcesDeclaration;
  samples?: SamplesDeclaration;
  confidence?: Setting;
  model?: ModelDeclaration;
  preset?: { preset: Preset; span: Span; definedIn: string };
  /** Settings of the bound block, by key (`constant`). */
  boundSettings: Record<string, Setting>;
  /** Free parameters declared with `let`, by symbol. */
  lets: Record<string, Setting>;
  claims: Claim[];
  sweeps: SweepAxis[];
  check: CheckSettings;
}

/** Numeric model parameters of one configuration, per model class. */
export type ResolvedModel =
  | {
      modelClass: 'gaussian';
      /** Dimension D of each source's mean. */
      dim: number;
      /** Number d_sim of shared coordinates, 0 <= d_sim <= D. */
      shared: number;
      /** Bound B on every coordinate of every mean. */
      meanBound: number;
    }
  | {
      modelClass: 'autoregressive' | 'energy';
      /** Numeric settings of the block, by key; interpreted by the model class. */
      settings: Record<string, number | number[] | string>;
    };

/**
 * One fully evaluated configuration: an experiment at one sweep point.
 * Everything the bound engine and the simulation need, as numbers.
 */
export interface ResolvedPoint {
  experiment: string;
  /** Values of the swept symbols at this point, in sweep order. */
  sweepValues: Record<string, number>;
  /** Every symbol in scope and its value, for display and claims. */
  bindings: Record<string, number>;
  K: number;
  sourceNames: string[];
  /** Source weights pi_k, summing to 1. */
  weights: number[];
  /** Total sample size n. */
  n: number;
  /** Set when the spec fixes the count per source instead of the total. */
  perSource?: number;
  delta: number;
  preset: Preset;
  /** Constant C of Theorem G (used by the `mle_bracketing` preset). */
  C: number;
  model: ResolvedModel;
  check: {
    seeds: number[];
    testSamples: number;
    /** Further keys of the check block (such as `time_limit` in seconds), evaluated. */
    extra?: Record<string, number | number[] | string>;
  };
}
