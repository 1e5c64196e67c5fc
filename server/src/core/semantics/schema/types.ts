/**
 * Key schemas: every key a spec may set, described as plain data. The
 * semantic checks validate values with them, and the editor uses them for
 * hovers, completion and documentation.
 */

/** Valid values of a key. Bounds are inclusive unless marked exclusive. */
export interface KeyRange {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Allowed names, for keys of kind `identifier`. */
  values?: string[];
  /** The range in words, as messages and docs show it, such as `integer >= 1`. */
  description: string;
}

export type KeyKind = 'number' | 'integer' | 'list' | 'identifier';

export interface KeySchema {
  key: string;
  /** Default symbol the value is bound to, such as `K` for `sources`. */
  symbol?: string;
  /** Meaning of the key, in one sentence. */
  meaning: string;
  /** Unit of the value (`count`, `probability`, `dimensionless`, ...). */
  unit: string;
  /** Default as spec text (`0.05`, `K + 1`), or `required`. */
  default: string;
  range: KeyRange;
  kind: KeyKind;
  /** For lists: the kind and range of each element. */
  element?: { kind: 'number' | 'integer'; range: KeyRange };
}

/** Keys of one model class's block. */
export interface ModelClassSchema {
  modelClass: string;
  /** Description of the class, in one sentence. */
  description: string;
  keys: KeySchema[];
  /**
   * When true, keys outside `keys` are accepted without validation (a class
   * whose schema is not complete yet).
   */
  openKeys?: boolean;
}
