/**
 * Document structure: symbols for the outline (experiments with their
 * model, sweeps, claims and `let` parameters), folding ranges and semantic
 * tokens.
 */
import type { BlockNode, ExperimentNode, StatementNode } from '../syntax/ast';
import { type IdeDocument } from './document';
import { LANGUAGE_WORDS } from './keys';
import { symbolDeclarations } from './navigation';
import type { DocumentSymbolData, FoldingRangeData, SemanticTokenData } from './types';

export function documentSymbolsFor(document: IdeDocument): DocumentSymbolData[] {
  return document.tree.experiments.filter((node) => node.name !== undefined).map((node) => experimentSymbol(document, node));
}

function experimentSymbol(document: IdeDocument, node: ExperimentNode): DocumentSymbolData {
  const children: DocumentSymbolData[] = [];
  for (const statement of node.statements) {
    if (statement.kind === 'model' && statement.modelClass) {
      children.push({ name: `model ${statement.modelClass.name}`, kind: 'struct', span: statement.span, selectionSpan: statement.modelClass.span, children: [] });
    } else if (statement.kind === 'sweep' && statement.symbol) {
      const count = statement.values?.items.length ?? 0;
      children.push({ name: `sweep ${statement.symbol.name}`, detail: `${count} values`, kind: 'array', span: statement.span, selectionSpan: statement.symbol.span, children: [] });
    } else if (statement.kind === 'claim') {
      children.push({ name: 'claim', detail: document.text.slice(statement.span.start, statement.span.end).replace(/\s+/g, ' '), kind: 'boolean', span: statement.span, selectionSpan: statement.keyword.span, children: [] });
    } else if (statement.kind === 'let' && statement.symbol) {
      children.push({ name: statement.symbol.name, detail: 'let', kind: 'variable', span: statement.span, selectionSpan: statement.symbol.span, children: [] });
    }
  }
  return {
    name: node.name!.name,
    detail: node.parent ? `extends ${node.parent.name}` : undefined,
    kind: 'class',
    span: node.span,
    selectionSpan: node.name!.span,
    children,
  };
}

/** Returns the `{ ... }` block of a statement that has one. */
function blockOf(statement: StatementNode): BlockNode | undefined {
  switch (statement.kind) {
    case 'model':
    case 'bound':
    case 'check':
    case 'sourcesBlock':
      return statement.block;
    default:
      return undefined;
  }
}

export function foldingRangesFor(document: IdeDocument): FoldingRangeData[] {
  const lines = document.analysis.lines;
  const ranges: FoldingRangeData[] = [];
  const addSpan = (start: number, end: number): void => {
    const startLine = lines.position(start).line;
    const endLine = lines.position(end).line;
    // Fold up to the line before the closing brace, so the brace stays visible.
    if (endLine - 1 > startLine) {
      ranges.push({ startLine, endLine: endLine - 1 });
    }
  };

  for (const node of document.tree.experiments) {
    if (node.bodySpan) {
      addSpan(node.bodySpan.start, node.bodySpan.end);
    }
    for (const statement of node.statements) {
      const block = blockOf(statement);
      if (block) {
        addSpan(block.span.start, block.span.end);
      }
    }
  }

  // Runs of two or more comment lines.
  let runStart = -1;
  let runEnd = -1;
  for (const token of document.tokens) {
    if (token.kind !== 'comment') {
      continue;
    }
    const line = lines.position(token.span.start).line;
    const lineStart = lines.offset({ line, column: 0 });
    const onlyComment = document.text.slice(lineStart, token.span.start).trim() === '';
    if (!onlyComment) {
      continue;
    }
    if (line === runEnd + 1 && runStart >= 0) {
      runEnd = line;
      continue;
    }
    if (runStart >= 0 && runEnd > runStart) {
      ranges.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
    }
    runStart = line;
    runEnd = line;
  }
  if (runStart >= 0 && runEnd > runStart) {
    ranges.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
  }
  return ranges;
}

/**
 * Semantic tokens from the front end's token stream, refined with the
 * syntax tree: experiment names are classes, model classes types, presets
 * enum members, keys properties, functions and claim terms their kinds.
 */
export function semanticTokensFor(document: IdeDocument): SemanticTokenData[] {
  const roles = new Map<number, SemanticTokenData>();
  for (const node of document.tree.experiments) {
    if (node.name) {
      roles.set(node.name.span.start, { span: node.name.span, type: 'class', declaration: true });
    }
    if (node.parent) {
      roles.set(node.parent.span.start, { span: node.parent.span, type: 'class' });
    }
    for (const statement of node.statements) {
      if (statement.kind === 'model' && statement.modelClass) {
        roles.set(statement.modelClass.span.start, { span: statement.modelClass.span, type: 'type' });
      }
      if (statement.kind === 'bound' && statement.preset) {
        roles.set(statement.preset.span.start, { span: statement.preset.span, type: 'enumMember' });
      }
      const entries = blockOf(statement)?.entries ?? [];
      for (const entry of entries) {
        roles.set(entry.key.span.start, { span: entry.key.span, type: 'property', declaration: statement.kind === 'sourcesBlock' });
      }
    }
    for (const declaration of symbolDeclarations(document, node)) {
      if (declaration.symbolSpan) {
        roles.set(declaration.symbolSpan.start, { span: declaration.symbolSpan, type: 'variable', declaration: true });
      }
    }
  }

  const tokens: SemanticTokenData[] = [];
  for (const token of document.tokens) {
    const role = roles.get(token.span.start);
    if (role) {
      tokens.push(role);
      continue;
    }
    switch (token.kind) {
      case 'keyword':
        tokens.push({ span: token.span, type: 'keyword' });
        break;
      case 'identifier': {
        const word = LANGUAGE_WORDS[token.text];
        let type: SemanticTokenData['type'] = 'variable';
        if (word?.kind === 'function') {
          type = 'function';
        } else if (word?.kind === 'quantity') {
          type = 'keyword';
        }
        tokens.push({ span: token.span, type });
        break;
      }
      case 'number':
        tokens.push({ span: token.span, type: 'number' });
        break;
      case 'string':
        tokens.push({ span: token.span, type: 'string' });
        break;
      case 'operator':
        tokens.push({ span: token.span, type: 'operator' });
        break;
      case 'comment':
        tokens.push({ span: token.span, type: 'comment' });
        break;
      default:
        break;
    }
  }
  return tokens;
}
