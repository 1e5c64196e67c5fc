/**
 * Semantic token legend and the LSP encoding (relative line and start,
 * length, type index, modifier bits) of the core's token data.
 */
import type { SemanticTokensLegend } from 'vscode-languageserver/node';
import type { SemanticTokenData, SemanticTokenType } from '../core/ide/types';
import type { LineIndex } from '../core/text';

const tokenTypes: SemanticTokenType[] = ['keyword', 'variable', 'number', 'string', 'operator', 'comment', 'class', 'type', 'enumMember', 'function', 'property'];

export const semanticTokenLegend: SemanticTokensLegend = { tokenTypes, tokenModifiers: ['declaration'] };

/**
 * Encodes tokens as LSP relative integers. A token that spans several
 * lines is cut at the line end, because LSP tokens cannot cross lines.
 */
export function encodeSemanticTokens(lines: LineIndex, tokens: SemanticTokenData[]): number[] {
  const data: number[] = [];
  let previousLine = 0;
  let previousStart = 0;
  const sorted = [...tokens].sort((a, b) => a.span.start - b.span.start);

  for (const token of sorted) {
    const start = lines.position(token.span.start);
    const end = lines.position(token.span.end);
    const length = end.line === start.line ? end.column - start.column : lines.offset({ line: start.line + 1, column: 0 }) - token.span.start;
    if (length <= 0) {
      continue;
    }
    const deltaLine = start.line - previousLine;
    const deltaStart = deltaLine === 0 ? start.column - previousStart : start.column;
    data.push(deltaLine, deltaStart, length, tokenTypes.indexOf(token.type), token.declaration ? 1 : 0);
    previousLine = start.line;
    previousStart = start.column;
  }
  return data;
}
