/**
 * Diagnostic codes of the front end (syntax, expressions, names, values).
 * Each code is documented in docs/diagnostics.md; codes never change meaning.
 */
export const Codes = {
  unexpectedCharacter: 'MSB001',
  unterminatedString: 'MSB002',
  unexpectedToken: 'MSB003',
  unknownKeyword: 'MSB004',
  unclosedBracket: 'MSB005',
  nestingTooDeep: 'MSB006',
  expressionTooLong: 'MSB007',
  tooManyDiagnostics: 'MSB008',
  expressionSyntax: 'MSB010',
  constructNotAllowed: 'MSB011',
  unknownName: 'MSB012',
  functionNotAllowed: 'MSB013',
  wrongArgumentCount: 'MSB014',
  notFinite: 'MSB015',
  duplicateExperiment: 'MSB020',
  unknownParent: 'MSB021',
  inheritanceCycle: 'MSB022',
  unknownKey: 'MSB023',
  duplicateKey: 'MSB024',
  missingSetting: 'MSB025',
  unknownSweepSymbol: 'MSB026',
  dependencyCycle: 'MSB027',
  outOfRange: 'MSB028',
  wrongKind: 'MSB029',
  unknownModelClass: 'MSB030',
  unknownPreset: 'MSB031',
  weightsSum: 'MSB032',
  duplicateSymbol: 'MSB033',
  invalidSweepPoint: 'MSB034',
  tooManyPoints: 'MSB035',
  sharedAndSimilarity: 'MSB036',
  invalidClaimTerm: 'MSB037',
  emptySweep: 'MSB038',
  duplicateSource: 'MSB039',
  boundUnavailable: 'MSB040',
  internalError: 'MSB900',
} as const;

/** Limits that keep analysis fast on hostile input. */
export const Limits = {
  /** Maximum bracket nesting depth inside one expression. */
  maxNesting: 64,
  /** Maximum length of an expression, in UTF-16 code units. */
  maxExpressionLength: 10_000,
  /** Maximum number of points in one experiment's sweep grid. */
  maxGridPoints: 10_000,
  /** Maximum number of diagnostics returned for one text; one more diagnostic counts the rest. */
  maxDiagnostics: 1_000,
} as const;
