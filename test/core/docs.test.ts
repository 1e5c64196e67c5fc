import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Codes } from '../../server/src/core/semantics/codes';
import { BOUND_KEYS, CHECK_KEYS, CONFIDENCE, MODEL_SCHEMAS, PER_SOURCE, SAMPLES, SOURCES } from '../../server/src/core/semantics/schema';
import { analyze, BASE_BODY, errors, experiment, spec } from './helpers';

const language = readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8');
const diagnosticsDoc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');

/** Code blocks of the language reference without a language tag (the spec examples), without their fences. */
function codeBlocks(): string[] {
  const blocks: string[] = [];
  let current: string[] | undefined;
  let tagged = false;
  for (const line of language.split('\n')) {
    if (line.startsWith('```')) {
      if (current === undefined) {
        current = [];
        tagged = line.length > 3;
      } else {
        if (!tagged) {
          blocks.push(current.join('\n'));
        }
        current = undefined;
      }
    } else if (current !== undefined) {
      current.push(line);
    }
  }
  return blocks;
}

describe('docs/language.md', () => {
  const schemaKeys = [SOURCES, SAMPLES, PER_SOURCE, CONFIDENCE, ...BOUND_KEYS, ...CHECK_KEYS, ...[...MODEL_SCHEMAS.values()].flatMap((schema) => schema.keys)];

  it('documents every key with its valid range', () => {
    for (const key of schemaKeys) {
      const row = language.split('\n').find((line) => line.startsWith(`| \`${key.key}\` |`) && line.includes(key.range.description));
      expect(row, `row for ${key.key} (${key.range.description})`).toBeDefined();
    }
  });

  it('gives examples that analyse without errors', () => {
    const blocks = codeBlocks();
    expect(blocks.length).toBeGreaterThan(8);
    for (const block of blocks) {
      const text = /^experiment /m.test(block) ? block : spec(experiment('base', BASE_BODY), experiment('snippet', block.trim().split('\n'), 'base'));
      const found = errors(analyze(text)).map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`);
      expect(found, block).toEqual([]);
    }
  });
});

describe('docs/diagnostics.md', () => {
  it('lists every front-end code', () => {
    for (const code of Object.values(Codes)) {
      expect(diagnosticsDoc, code).toContain(`| ${code} |`);
    }
  });
});
