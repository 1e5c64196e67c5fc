/**
 * The front end's key schema (semantics/schema/) seen from the editor:
 * which keys a block accepts, with meaning, unit, default and valid range.
 */
import { BOUND_KEYS, CHECK_KEYS, CONFIDENCE, MODEL_SCHEMAS, PER_SOURCE, SAMPLES, SOURCES, type KeySchema } from '../semantics/schema/index';

/** One key as hovers and completion show it. */
export interface KeyDescription {
  key: string;
  symbol?: string;
  meaning: string;
  unit?: string;
  default?: string | number;
  range?: string;
  kind: string;
}

/** The block a key is written in. */
export type SchemaScope = { kind: 'top' } | { kind: 'model'; modelClass: string } | { kind: 'bound' } | { kind: 'check' };

function describe(schema: KeySchema): KeyDescription {
  return {
    key: schema.key,
    symbol: schema.symbol,
    meaning: schema.meaning,
    unit: schema.unit,
    default: schema.default,
    range: schema.range.description,
    kind: schema.kind,
  };
}

/** Keys valid in a block; at the top level, the keyword settings (`sources`, `samples`, `per_source`, `confidence`). */
export function keySchemas(scope: SchemaScope): KeyDescription[] {
  switch (scope.kind) {
    case 'top':
      return [SOURCES, SAMPLES, PER_SOURCE, CONFIDENCE].map(describe);
    case 'model':
      return (MODEL_SCHEMAS.get(scope.modelClass)?.keys ?? []).map(describe);
    case 'bound':
      return BOUND_KEYS.map(describe);
    case 'check':
      return CHECK_KEYS.map(describe);
  }
}
