/**
 * Names in a spec: experiments (declared by `experiment NAME`, referenced
 * by `extends NAME`) and symbols (bound by settings and `let`, used in
 * expressions, claims and sweeps). Go to definition, references and
 * rename work on both.
 *
 * Symbols are renamed across a whole inheritance family (experiments
 * connected by `extends`), because a child copies its parent's statements
 * and a child's statement may use a symbol that its parent binds.
 */
import type { Setting } from '../semantics/model';
import type { ExperimentNode, ExpressionNode, StatementNode, ValueNode } from '../syntax/ast';
import { KEYWORDS } from '../syntax/tokens';
import type { Span } from '../text';
import { contains, experimentByName, type IdeDocument } from './document';
import { LANGUAGE_WORDS } from './keys';
import type { TextEdit } from './types';

/** Words that expressions cannot use as symbols: claim terms and function names. */
function isReservedInExpression(name: string): boolean {
  const word = LANGUAGE_WORDS[name];
  return word !== undefined && (word.kind === 'quantity' || word.kind === 'function');
}

export interface SymbolDeclaration {
  symbol: string;
  /** The symbol's token, absent when the statement relies on the key's default symbol. */
  symbolSpan?: Span;
  /** The key (or keyword) that starts the statement. */
  keySpan: Span;
  experiment: string;
}

export interface SymbolUse {
  symbol: string;
  span: Span;
  experiment: string;
}

/** Collects every expression of an experiment's statements. */
export function expressionsOf(node: ExperimentNode): ExpressionNode[] {
  const expressions: ExpressionNode[] = [];
  const addValue = (value: ValueNode | undefined): void => {
    if (value?.kind === 'expression') {
      expressions.push(value);
    } else if (value?.kind === 'list') {
      expressions.push(...value.items);
    }
  };
  for (const statement of node.statements) {
    addStatementExpressions(statement, expressions, addValue);
  }
  return expressions;
}

function addStatementExpressions(statement: StatementNode, expressions: ExpressionNode[], addValue: (value: ValueNode | undefined) => void): void {
  switch (statement.kind) {
    case 'setting':
      addValue(statement.value);
      return;
    case 'let':
      addValue(statement.value);
      return;
    case 'sweep':
      addValue(statement.values);
      return;
    case 'claim':
      if (statement.left) {
        expressions.push(statement.left);
      }
      if (statement.right) {
        expressions.push(statement.right);
      }
      return;
    case 'sourcesBlock':
      for (const entry of statement.block.entries) {
        addValue(entry.value);
      }
      return;
    case 'model':
    case 'bound':
    case 'check':
      for (const entry of statement.block?.entries ?? []) {
        addValue(entry.value);
      }
      return;
  }
}

/** Symbols used in an experiment's own text: identifiers in expressions (not function calls) and swept symbols. */
export function symbolUses(document: IdeDocument, node: ExperimentNode): SymbolUse[] {
  const experiment = node.name?.name ?? '';
  const uses: SymbolUse[] = [];
  const expressions = expressionsOf(node);
  for (const token of document.tokens) {
    if (token.kind !== 'identifier' || !contains(node.span, token.span.start)) {
      continue;
    }
    if (!expressions.some((expression) => expression.span.start <= token.span.start && token.span.end <= expression.span.end)) {
      continue;
    }
    if (isReservedInExpression(token.text) || /^\s*\(/.test(document.text.slice(token.span.end, token.span.end + 64))) {
      continue;
    }
    uses.push({ symbol: token.text, span: token.span, experiment });
  }
  for (const statement of node.statements) {
    if (statement.kind === 'sweep' && statement.symbol) {
      uses.push({ symbol: statement.symbol.name, span: statement.symbol.span, experiment });
    }
  }
  return uses;
}

/** Settings and `let` bindings of an experiment, its own and inherited. */
export function settingsOf(document: IdeDocument, name: string): Setting[] {
  const model = experimentByName(document, name)?.experiment;
  if (!model) {
    return [];
  }
  const settings: Setting[] = [];
  if (model.sources?.kind === 'count') {
    settings.push(model.sources.count);
  }
  if (model.samples) {
    settings.push(model.samples.kind === 'total' ? model.samples.total : model.samples.perSource);
  }
  if (model.confidence) {
    settings.push(model.confidence);
  }
  settings.push(...Object.values(model.model?.settings ?? {}), ...Object.values(model.boundSettings), ...Object.values(model.lets));
  return settings;
}

/** Declarations written in an experiment's own text. */
export function symbolDeclarations(document: IdeDocument, node: ExperimentNode): SymbolDeclaration[] {
  const name = node.name?.name;
  if (name === undefined) {
    return [];
  }
  const declarations: SymbolDeclaration[] = [];
  for (const setting of settingsOf(document, name)) {
    if (setting.definedIn !== name) {
      continue;
    }
    declarations.push(declarationOf(document, setting, name));
  }
  return declarations;
}

function declarationOf(document: IdeDocument, setting: Setting, experiment: string): SymbolDeclaration {
  const tokens = document.tokens.filter(
    (token) => token.span.start >= setting.span.start && token.span.end <= setting.expression.span.start && (token.kind === 'identifier' || token.kind === 'keyword'),
  );
  const symbolToken = tokens.slice(1).find((token) => token.text === setting.symbol && token.kind === 'identifier');
  // The key is the last word before the symbol or `=`: `samples per_source m` has key `per_source`.
  const keyTokens = symbolToken ? tokens.filter((token) => token.span.start < symbolToken.span.start) : tokens;
  const keyToken = keyTokens[keyTokens.length - 1] ?? tokens[0];
  return {
    symbol: setting.symbol,
    symbolSpan: symbolToken?.span,
    keySpan: keyToken?.span ?? { start: setting.span.start, end: setting.span.start },
    experiment,
  };
}

/** Finds the declaration a symbol resolves to inside an experiment (its own or an inherited binding). */
export function resolveSymbol(document: IdeDocument, experiment: string, symbol: string): SymbolDeclaration | undefined {
  const setting = settingsOf(document, experiment).find((candidate) => candidate.symbol === symbol);
  return setting ? declarationOf(document, setting, setting.definedIn) : undefined;
}

/** Experiments connected to `name` by `extends` in either direction, including itself. */
export function familyOf(document: IdeDocument, name: string): Set<string> {
  const family = new Set<string>([name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of document.tree.experiments) {
      const own = node.name?.name;
      const parent = node.parent?.name;
      if (own === undefined || parent === undefined) {
        continue;
      }
      if (family.has(own) !== family.has(parent)) {
        family.add(own);
        family.add(parent);
        grew = true;
      }
    }
  }
  return family;
}

type Target = { kind: 'experiment'; name: string } | { kind: 'symbol'; name: string; experiment: string };

/** Finds what the name under the cursor refers to: an experiment or a symbol. */
function targetAt(document: IdeDocument, offset: number): { target: Target; span: Span } | undefined {
  for (const node of document.tree.experiments) {
    if (!contains(node.span, offset)) {
      continue;
    }
    if (node.name && contains(node.name.span, offset)) {
      return { target: { kind: 'experiment', name: node.name.name }, span: node.name.span };
    }
    if (node.parent && contains(node.parent.span, offset)) {
      return { target: { kind: 'experiment', name: node.parent.name }, span: node.parent.span };
    }
    const experiment = node.name?.name;
    if (experiment === undefined) {
      return undefined;
    }
    const use = symbolUses(document, node).find((candidate) => contains(candidate.span, offset));
    if (use) {
      return { target: { kind: 'symbol', name: use.symbol, experiment }, span: use.span };
    }
    const declaration = symbolDeclarations(document, node).find((candidate) => candidate.symbolSpan && contains(candidate.symbolSpan, offset));
    if (declaration?.symbolSpan) {
      return { target: { kind: 'symbol', name: declaration.symbol, experiment }, span: declaration.symbolSpan };
    }
    return undefined;
  }
  return undefined;
}

export function definitionAt(document: IdeDocument, offset: number): Span[] {
  const found = targetAt(document, offset);
  if (!found) {
    return [];
  }
  const { target } = found;
  if (target.kind === 'experiment') {
    const node = document.tree.experiments.find((candidate) => candidate.name?.name === target.name);
    return node?.name ? [node.name.span] : [];
  }
  const declaration = resolveSymbol(document, target.experiment, target.name);
  return declaration ? [declaration.symbolSpan ?? declaration.keySpan] : [];
}

interface Occurrences {
  declarations: Span[];
  /** Declarations that use the key's default symbol: renaming inserts the new symbol after the key. */
  implicitDeclarations: Span[];
  references: Span[];
}

function occurrencesOf(document: IdeDocument, target: Target): Occurrences {
  const result: Occurrences = { declarations: [], implicitDeclarations: [], references: [] };
  if (target.kind === 'experiment') {
    for (const node of document.tree.experiments) {
      if (node.name?.name === target.name) {
        result.declarations.push(node.name.span);
      }
      if (node.parent?.name === target.name) {
        result.references.push(node.parent.span);
      }
    }
    return result;
  }
  const family = familyOf(document, target.experiment);
  for (const node of document.tree.experiments) {
    if (!node.name || !family.has(node.name.name)) {
      continue;
    }
    for (const declaration of symbolDeclarations(document, node)) {
      if (declaration.symbol !== target.name) {
        continue;
      }
      if (declaration.symbolSpan) {
        result.declarations.push(declaration.symbolSpan);
      } else {
        result.implicitDeclarations.push(declaration.keySpan);
      }
    }
    for (const use of symbolUses(document, node)) {
      if (use.symbol === target.name) {
        result.references.push(use.span);
      }
    }
  }
  return result;
}

export function referencesAt(document: IdeDocument, offset: number, includeDeclaration: boolean): Span[] {
  const found = targetAt(document, offset);
  if (!found) {
    return [];
  }
  const occurrences = occurrencesOf(document, found.target);
  const spans = includeDeclaration ? [...occurrences.declarations, ...occurrences.implicitDeclarations, ...occurrences.references] : occurrences.references;
  return spans.sort((a, b) => a.start - b.start);
}

export function prepareRenameAt(document: IdeDocument, offset: number): { span: Span; placeholder: string } | undefined {
  const found = targetAt(document, offset);
  return found ? { span: found.span, placeholder: found.target.name } : undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function renameAt(document: IdeDocument, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const found = targetAt(document, offset);
  if (!found) {
    return { error: 'Nothing to rename here: place the cursor on an experiment name or a symbol.' };
  }
  if (!IDENTIFIER.test(newName)) {
    return { error: `'${newName}' is not a valid name: use letters, digits and underscores, starting with a letter or underscore.` };
  }
  if (KEYWORDS.has(newName) || LANGUAGE_WORDS[newName] !== undefined) {
    return { error: `'${newName}' is a reserved word of the language; choose another name.` };
  }
  const { target } = found;
  if (newName === target.name) {
    return { edits: [] };
  }

  if (target.kind === 'experiment') {
    if (document.tree.experiments.some((node) => node.name?.name === newName)) {
      return { error: `An experiment named '${newName}' already exists.` };
    }
  } else {
    const family = familyOf(document, target.experiment);
    for (const name of family) {
      if (settingsOf(document, name).some((setting) => setting.symbol === newName)) {
        return { error: `The symbol '${newName}' is already bound in experiment '${name}'; choose another name.` };
      }
    }
  }

  const occurrences = occurrencesOf(document, target);
  const edits: TextEdit[] = [
    ...occurrences.declarations.map((span) => ({ span, newText: newName })),
    ...occurrences.implicitDeclarations.map((span) => ({ span: { start: span.end, end: span.end }, newText: ` ${newName}` })),
    ...occurrences.references.map((span) => ({ span, newText: newName })),
  ];
  return { edits: dedupe(edits) };
}

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits
    .filter((edit) => {
      const key = `${edit.span.start}:${edit.span.end}`;
      if (seen.has(key)) {
        return false;
      }
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.span.start - b.span.start);
}
