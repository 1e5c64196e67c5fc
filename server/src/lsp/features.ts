/**
 * Request handlers of the language features. Each one converts positions
 * to offsets, calls a pure function of core/ide on the cached analysis,
 * and converts the plain result to LSP types. A request on a document
 * that is not open returns an empty result.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  InlayHintKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  FoldingRangeKind,
  ResponseError,
  ErrorCodes,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type DocumentSymbol,
  type InlayHint,
  type Location,
} from 'vscode-languageserver/node';
import {
  codeActionsFor,
  codeLensesFor,
  completionsAt,
  definitionAt,
  documentSymbolsFor,
  foldingRangesFor,
  formatSpec,
  hoverAt,
  inlayHintsFor,
  prepareRenameAt,
  referencesAt,
  renameAt,
  semanticTokensFor,
  signatureHelpAt,
  truncateLabel,
} from '../core/ide';
import type { CompletionKind, DocumentSymbolData, SymbolKindName } from '../core/ide/types';
import { toOffset, toPosition, toRange, toSpan, toTextEdit } from './convert';
import { encodeSemanticTokens } from './semantic-tokens';
import { safeAnnotations, type ServerContext } from './server';

const completionKinds: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  property: CompletionItemKind.Property,
  class: CompletionItemKind.Class,
  enumMember: CompletionItemKind.EnumMember,
  variable: CompletionItemKind.Variable,
  function: CompletionItemKind.Function,
  constant: CompletionItemKind.Constant,
  reference: CompletionItemKind.Reference,
};

const symbolKinds: Record<SymbolKindName, SymbolKind> = {
  class: SymbolKind.Class,
  struct: SymbolKind.Struct,
  array: SymbolKind.Array,
  boolean: SymbolKind.Boolean,
  variable: SymbolKind.Variable,
  property: SymbolKind.Property,
  constant: SymbolKind.Constant,
};

const foldingKinds: Record<'comment' | 'region', FoldingRangeKind> = {
  comment: FoldingRangeKind.Comment,
  region: FoldingRangeKind.Region,
};

export function registerFeatures(context: ServerContext): void {
  const { connection, documents, guard } = context;

  connection.onHover(
    guard('textDocument/hover', (params) => {
      const ide = documents.ide(params.textDocument.uri);
      if (!ide) {
        return null;
      }
      const hover = hoverAt(ide, toOffset(ide.analysis.lines, params.position));
      if (!hover) {
        return null;
      }
      return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(ide.analysis.lines, hover.span) };
    }),
  );

  connection.languages.inlayHint.on(
    guard('textDocument/inlayHint', (params) => {
      const uri = params.textDocument.uri;
      const ide = documents.ide(uri);
      const settings = context.settings();
      if (!ide || !settings.inlayHints.enabled) {
        return [];
      }
      const lines = ide.analysis.lines;
      const range = toSpan(lines, params.range);
      const hints: InlayHint[] = [];
      const maxLength = settings.inlayHints.maxLength;
      for (const hint of inlayHintsFor(ide, { maxLength })) {
        if (hint.offset >= range.start && hint.offset <= range.end) {
          hints.push({
            position: toPosition(lines, hint.offset),
            label: hint.label,
            kind: InlayHintKind.Type,
            paddingLeft: true,
            tooltip: hint.tooltip ? { kind: MarkupKind.Markdown, value: hint.tooltip } : undefined,
          });
        }
      }
      for (const hint of safeAnnotations(context, uri).inlayHints) {
        if (hint.offset >= range.start && hint.offset <= range.end) {
          hints.push({ position: toPosition(lines, hint.offset), label: truncateLabel(hint.label, maxLength), paddingLeft: true });
        }
      }
      return hints;
    }),
  );

  connection.onCodeLens(
    guard('textDocument/codeLens', (params) => {
      const uri = params.textDocument.uri;
      const ide = documents.ide(uri);
      if (!ide) {
        return [];
      }
      const lines = ide.analysis.lines;

      // One run lens per experiment: the check service supplies its title (last run's status and age, or progress).
      const runStatus = new Map(safeAnnotations(context, uri).lenses.map(({ experiment, ...status }) => [experiment, status]));
      const lenses: CodeLens[] = codeLensesFor(ide, runStatus).map((lens) => ({
        range: toRange(lines, lens.span),
        command: { title: lens.title, command: lens.command, arguments: [{ uri, experiment: lens.experiment }], tooltip: lens.tooltip },
      }));
      return lenses;
    }),
  );

  connection.onCodeAction(
    guard('textDocument/codeAction', (params) => {
      const uri = params.textDocument.uri;
      const ide = documents.ide(uri);
      if (!ide) {
        return [];
      }
      const lines = ide.analysis.lines;
      const requested = params.context.diagnostics;
      const actions: CodeAction[] = [];
      for (const action of codeActionsFor(ide, toSpan(lines, params.range))) {
        const kind = action.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite;
        if (params.context.only && !params.context.only.some((only) => kind.startsWith(only))) {
          continue;
        }
        const diagnostic =
          action.diagnosticIndex === undefined
            ? undefined
            : requested.find((candidate) => (candidate.data as { index?: number } | undefined)?.index === action.diagnosticIndex);
        actions.push({
          title: action.title,
          kind,
          isPreferred: action.isPreferred,
          diagnostics: diagnostic ? [diagnostic] : undefined,
          edit: { changes: { [uri]: action.edits.map((edit) => toTextEdit(lines, edit)) } },
        });
      }
      return actions;
    }),
  );

  connection.onCompletion(
    guard('textDocument/completion', (params) => {
      const ide = documents.ide(params.textDocument.uri);
      if (!ide) {
        return [];
      }
      return completionsAt(ide, toOffset(ide.analysis.lines, params.position)).map(
        (item): CompletionItem => ({
          label: item.label,
          kind: completionKinds[item.kind],
          detail: item.detail,
          documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
          insertText: item.insertText,
          insertTextFormat: item.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          sortText: item.sortText,
        }),
      );
    }),
  );

  connection.onSignatureHelp(
    guard('textDocument/signatureHelp', (params) => {
      const ide = documents.ide(params.textDocument.uri);
      if (!ide) {
        return null;
      }
      const help = signatureHelpAt(ide, toOffset(ide.analysis.lines, params.position));
      if (!help) {
        return null;
      }
      return {
        signatures: [
          {
            label: help.label,
            documentation: help.documentation ? { kind: MarkupKind.Markdown, value: help.documentation } : undefined,
            parameters: help.parameters.map((parameter) => ({
              label: parameter.label,
              documentation: parameter.documentation ? { kind: MarkupKind.Markdown, value: parameter.documentation } : undefined,
            })),
          },
        ],
        activeSignature: 0,
        activeParameter: help.activeParameter,
      };
    }),
  );

  connection.onDocumentSymbol(
    guard('textDocument/documentSymbol', (params) => {
      const ide = documents.ide(params.textDocument.uri);
      if (!ide) {
        return [];
      }
      const lines = ide.analysis.lines;
      const convert = (symbol: DocumentSymbolData): DocumentSymbol => ({
        name: symbol.name,
        detail: symbol.detail,
        kind: symbolKinds[symbol.kind],
        range: toRange(lines, symbol.span),
        selectionRange: toRange(lines, symbol.selectionSpan),
        children: symbol.children.map(convert),
      });
      return documentSymbolsFor(ide).map(convert);
    }),
  );

  connection.onDefinition(
    guard('textDocument/definition', (params) => {
      const uri = params.textDocument.uri;
      const ide = documents.ide(uri);
      if (!ide) {
        return [];
      }
      const lines = ide.analysis.lines;
      return definitionAt(ide, toOffset(lines, params.position)).map((span): Location => ({ uri, range: toRange(lines, span) }));
    }),
  );

  connection.onReferences(
    guard('textDocument/references', (params) => {
      const uri = params.textDocument.uri;
      const ide = documents.ide(uri);
      if (!ide) {
        return [];
      }
      const lines = ide.analysis.lines;
      return referencesAt(ide, toOffset(lines, params.position), params.context.includeDeclaration).map(
        (span): Location => ({ uri, range: toRange(lines, span) }),
      );
    }),
  );

  connection.onPrepareRename(
    guard('textDocument/prepareRename', (params) => {
      const ide = documents.ide(params.textDocument.uri);
      if (!ide) {
        return null;
      }
      const prepared = prepareRenameAt(ide, toOffset(ide.analysis.lines, params.position));
      return prepared ? { range: toRange(ide.analysis.lines, prepared.span), placeholder: prepared.placeholder } : null;
    }),
  );

  connection.onRenameRequest(
    guard('textDocument/rename', (params) => {
      const uri = params.textDocument.uri;
      const ide = documents.ide(uri);
      if (!ide) {
        return null;
      }
      const lines = ide.analysis.lines;
      const result = renameAt(ide, toOffset(lines, params.position), params.newName);
      if ('error' in result) {
        return new ResponseError(ErrorCodes.InvalidParams, result.error);
      }
      return { changes: { [uri]: result.edits.map((edit) => toTextEdit(lines, edit)) } };
    }),
  );

  connection.onDocumentFormatting(
    guard('textDocument/formatting', (params) => {
      const state = documents.get(params.textDocument.uri);
      if (!state) {
        return [];
      }
      const text = state.document.getText();
      const formatted = formatSpec(text);
      if (formatted === text) {
        return [];
      }
      const ide = documents.ide(params.textDocument.uri)!;
      return [{ range: toRange(ide.analysis.lines, { start: 0, end: text.length }), newText: formatted }];
    }),
  );

  connection.onFoldingRanges(
    guard('textDocument/foldingRange', (params) => {
      const ide = documents.ide(params.textDocument.uri);
      if (!ide) {
        return [];
      }
      return foldingRangesFor(ide).map((range) => ({
        startLine: range.startLine,
        endLine: range.endLine,
        kind: range.kind === undefined ? undefined : foldingKinds[range.kind],
      }));
    }),
  );

  connection.languages.semanticTokens.on(
    guard('textDocument/semanticTokens/full', (params) => {
      const ide = documents.ide(params.textDocument.uri);
      if (!ide) {
        return { data: [] };
      }
      return { data: encodeSemanticTokens(ide.analysis.lines, semanticTokensFor(ide)) };
    }),
  );
}
