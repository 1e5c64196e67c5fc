/**
 * Public API of the analysis core: text in, plain data out, no I/O.
 * The CLI and the language server import from here.
 */
export { analyze, type Analysis, type AnalysisOptions, type ExperimentAnalysis, type PointAnalysis } from './analysis';
export type { Diagnostic, Fix, Severity, TextEdit } from './diagnostics';
export { LineIndex, type LineColumn, type Span } from './text';

export { parse, type ParseResult } from './syntax/parser';
export { tokenize, KEYWORDS, STATEMENT_KEYWORDS, type Token, type TokenKind } from './syntax/tokens';
export { nodeAt, childrenOf } from './syntax/node-at';
export { closestMatch, editDistance } from './syntax/suggest';
export type * from './syntax/ast';

export { evaluateExpression, referencedSymbols, compileExpression, ALLOWED_FUNCTIONS, snapToInteger } from './expr';

export { buildExperiments, type BuildResult } from './semantics/build';
export { resolvePoints, type ResolveOptions, type ResolveResult } from './semantics/resolve';
export type { ExperimentScope, Slot, SlotRole } from './semantics/scope';
export { Codes, Limits } from './semantics/codes';
export * from './semantics/schema';
export type * from './semantics/model';

export * from './ide';
