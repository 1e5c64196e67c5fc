/**
 * Finds where a part of an expression is written, because mathjs nodes
 * carry no source positions. Spans are relative to the expression text.
 */
import type { Span } from '../text';

function isNamePart(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}_$]/u.test(character);
}

/** Span of the first occurrence of `name` as a whole word, if any. */
export function locateName(text: string, name: string): Span | undefined {
  if (name.length === 0) {
    return undefined;
  }
  for (let index = text.indexOf(name); index >= 0; index = text.indexOf(name, index + 1)) {
    if (!isNamePart(text[index - 1]) && !isNamePart(text[index + name.length])) {
      return { start: index, end: index + name.length };
    }
  }
  return undefined;
}

/**
 * Span of the first occurrence of any of `needles`. A `.` between or after
 * digits belongs to a number and is skipped.
 */
export function locateText(text: string, needles: readonly string[]): Span | undefined {
  let best: Span | undefined;
  for (const needle of needles) {
    for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + 1)) {
      if (needle === '.' && /[0-9]/.test(text[index - 1] ?? '') ) {
        continue;
      }
      if (!best || index < best.start) {
        best = { start: index, end: index + needle.length };
      }
      break;
    }
  }
  return best;
}
