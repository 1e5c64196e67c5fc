/**
 * Editor features as pure functions over one analysed text. They return
 * plain data with Spans; the language server maps them to LSP types.
 */
export { codeActionsFor } from './actions';
export { completionsAt, signatureHelpAt } from './completion';
export { buildIdeDocument, type IdeDocument } from './document';
export { formatSpec } from './format';
export { boundsMarkdown, claimMarkdown, derivationMarkdown, hoverAt, planMarkdown } from './hover';
export { inlayHintsFor, sweepSummary, truncateLabel, type InlayHintOptions } from './inlay';
export { codeLensesFor } from './lens';
export { definitionAt, prepareRenameAt, referencesAt, renameAt } from './navigation';
export { documentSymbolsFor, foldingRangesFor, semanticTokensFor } from './outline';
export type * from './types';
