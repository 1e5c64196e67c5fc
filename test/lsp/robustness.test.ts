/**
 * Every editor feature returns a result, and never throws, at every
 * position of the examples and of half-typed prefixes of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';
import {
  buildIdeDocument,
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
} from '../../server/src/core/ide';

const examplesFolder = path.resolve(__dirname, '..', '..', 'examples');

function exerciseEverything(text: string, stride: number): number {
  const document = buildIdeDocument(text, analyze(text));
  let results = 0;
  results += inlayHintsFor(document).length + codeLensesFor(document).length + documentSymbolsFor(document).length;
  results += foldingRangesFor(document).length + semanticTokensFor(document).length;
  results += codeActionsFor(document, { start: 0, end: text.length }).length;
  for (let offset = 0; offset <= text.length; offset += stride) {
    hoverAt(document, offset);
    completionsAt(document, offset);
    definitionAt(document, offset);
    referencesAt(document, offset, true);
    signatureHelpAt(document, offset);
    if (prepareRenameAt(document, offset)) {
      expect(renameAt(document, offset, 'renamed_symbol')).toBeDefined();
    }
  }
  formatSpec(text);
  return results;
}

describe('editor features on every position', () => {
  const names = readdirSync(examplesFolder).filter((name) => name.endsWith('.msb'));

  it('handle complete examples', () => {
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const text = readFileSync(path.join(examplesFolder, name), 'utf8');
      expect(exerciseEverything(text, 1), name).toBeGreaterThan(0);
    }
  });

  it('handle half-typed prefixes', () => {
    for (const name of names) {
      const text = readFileSync(path.join(examplesFolder, name), 'utf8');
      for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 40))) {
        exerciseEverything(text.slice(0, cut), 3);
      }
    }
  });
});
