/**
 * Finding the syntax nodes at an offset, for hovers, completion and
 * go-to-definition.
 */
import type { Span } from '../text';
import type { SpecTree, SyntaxNode } from './ast';

/** Child nodes of a node, in text order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  // Lists are concatenated rather than spread into push(), which would overflow the stack for very long specs.
  let children: (SyntaxNode | undefined)[] = [];
  switch (node.kind) {
    case 'spec':
      children = node.experiments;
      break;
    case 'experiment':
      children = ([node.keyword, node.name, node.parent] as (SyntaxNode | undefined)[]).concat(node.statements);
      break;
    case 'setting':
      children.push(node.keyword, node.qualifier, node.symbol, node.value);
      break;
    case 'sourcesBlock':
      children.push(node.keyword, node.block);
      break;
    case 'model':
      children.push(node.keyword, node.modelClass, node.block);
      break;
    case 'bound':
      children.push(node.keyword, node.preset, node.block);
      break;
    case 'claim':
      children.push(node.keyword, node.left, node.right);
      break;
    case 'check':
      children.push(node.keyword, node.block);
      break;
    case 'sweep':
      children.push(node.keyword, node.symbol, node.values);
      break;
    case 'let':
      children.push(node.keyword, node.symbol, node.value);
      break;
    case 'block':
      children = node.entries;
      break;
    case 'entry':
      children.push(node.key, node.symbol, node.value);
      break;
    case 'list':
      children = node.items;
      break;
    case 'expression':
    case 'string':
    case 'identifier':
      break;
  }
  return children.filter((child): child is SyntaxNode => child !== undefined);
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/**
 * Returns the path of nodes that contain `offset`, from the tree down to the
 * innermost node. An offset at a node's end counts as inside it, so that a
 * cursor just after a word finds the word.
 */
export function nodeAt(tree: SpecTree, offset: number): SyntaxNode[] {
  const path: SyntaxNode[] = [tree];
  let current: SyntaxNode = tree;
  for (;;) {
    const next: SyntaxNode | undefined = childrenOf(current).find((child) => contains(child.span, offset));
    if (!next) {
      return path;
    }
    path.push(next);
    current = next;
  }
}
