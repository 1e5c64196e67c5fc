/** Registry of key schemas, by model class. */
import { AUTOREGRESSIVE_SCHEMA } from './autoregressive';
import { ENERGY_SCHEMA } from './energy';
import { GAUSSIAN_SCHEMA } from './gaussian';
import type { ModelClassSchema } from './types';

export * from './common';
export type { KeyKind, KeyRange, KeySchema, ModelClassSchema } from './types';
export { GAUSSIAN_SCHEMA, AUTOREGRESSIVE_SCHEMA, ENERGY_SCHEMA };

export const MODEL_SCHEMAS: ReadonlyMap<string, ModelClassSchema> = new Map([
  [GAUSSIAN_SCHEMA.modelClass, GAUSSIAN_SCHEMA],
  [AUTOREGRESSIVE_SCHEMA.modelClass, AUTOREGRESSIVE_SCHEMA],
  [ENERGY_SCHEMA.modelClass, ENERGY_SCHEMA],
]);
