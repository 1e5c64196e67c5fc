/**
 * Range checks of single values against their key schema. Integers are
 * snapped first: a value within 1e-9 (relative, at least 1e-9 absolute)
 * of an integer counts as that integer, so `K = 0.1 * 30` is 3.
 */
import { snapToInteger } from '../expr';
import type { KeyRange, KeySchema } from './schema';

export type ValueCheck = { ok: true; value: number } | { ok: false; message: string };

/** Formats a number for a message: integers exactly, others to 6 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) {
    return String(value);
  }
  return String(Number(value.toPrecision(6)));
}

/** Upper-cases the first letter, for a label at the start of a message. */
function sentenceCase(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function inRange(value: number, range: KeyRange): boolean {
  if (range.min !== undefined && (range.minExclusive ? value <= range.min : value < range.min)) {
    return false;
  }
  if (range.max !== undefined && (range.maxExclusive ? value >= range.max : value > range.max)) {
    return false;
  }
  return true;
}

/** Checks a number against a kind and range; `label` names the value in the message. */
export function checkNumber(value: number, kind: KeySchema['kind'], range: KeyRange, label: string): ValueCheck {
  let checked = value;
  if (kind === 'integer') {
    checked = snapToInteger(value);
    if (!Number.isSafeInteger(checked)) {
      return { ok: false, message: `${sentenceCase(label)} must be an ${range.description}, but it is ${formatNumber(value)}, which is not an integer.` };
    }
  }
  if (!inRange(checked, range)) {
    const article = /^[aeiou]/.test(range.description) ? 'an' : 'a';
    return { ok: false, message: `${sentenceCase(label)} must be ${article} ${range.description}, but it is ${formatNumber(value)}.` };
  }
  return { ok: true, value: checked };
}

/** Checks a slot's number against its schema (kind `list` checks each element with `element`). */
export function checkSchemaNumber(value: number, schema: KeySchema | undefined, label: string): ValueCheck {
  if (!schema) {
    return { ok: true, value };
  }
  if (schema.kind === 'list' && schema.element) {
    return checkNumber(value, schema.element.kind, schema.element.range, label);
  }
  if (schema.kind === 'identifier') {
    return { ok: false, message: `${sentenceCase(label)} must be a name (${schema.range.description}), not a number.` };
  }
  return checkNumber(value, schema.kind, schema.range, label);
}

/** Checks a name (a bare identifier or a string) against the allowed values of its schema. */
export function checkName(name: string, schema: KeySchema | undefined, label: string): { ok: true } | { ok: false; message: string } {
  if (!schema) {
    return { ok: true };
  }
  if (schema.kind !== 'identifier') {
    return { ok: false, message: `${sentenceCase(label)} must be ${schema.kind === 'list' ? 'a list' : 'a number'}, but it is the name \`${name}\`.` };
  }
  const values = schema.range.values;
  if (values && !values.includes(name)) {
    return { ok: false, message: `${sentenceCase(label)} must be ${schema.range.description}, but it is \`${name}\`.` };
  }
  return { ok: true };
}
