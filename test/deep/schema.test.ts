import { describe, expect, it } from 'vitest';
import { AUTOREGRESSIVE_SCHEMA } from '../../server/src/core/semantics/schema/autoregressive';
import { ENERGY_SCHEMA } from '../../server/src/core/semantics/schema/energy';
import type { KeySchema, ModelClassSchema } from '../../server/src/core/semantics/schema/types';
import { readAutoregressiveSettings } from '../../server/src/core/theory/classes/autoregressive-architecture';
import type { RawSettings, SettingProblem } from '../../server/src/core/theory/classes/deep-settings';
import { readEnergySettings } from '../../server/src/core/theory/classes/energy-architecture';

const readers: [ModelClassSchema, (raw: RawSettings) => { problems: SettingProblem[] }][] = [
  [AUTOREGRESSIVE_SCHEMA, readAutoregressiveSettings],
  [ENERGY_SCHEMA, readEnergySettings],
];

/** Values just inside and just outside a numeric key's range. */
function probes(key: KeySchema): { inside: number[]; outside: number[] } {
  const inside: number[] = [];
  const outside: number[] = [];
  const { min, max, minExclusive } = key.range;
  const step = key.kind === 'integer' ? 1 : 1e-9;
  if (min !== undefined) {
    (minExclusive ? outside : inside).push(min);
    if (minExclusive) {
      inside.push(min + step);
    }
    outside.push(min - step);
  }
  if (max !== undefined) {
    inside.push(max);
    outside.push(max + step);
  }
  if (key.kind === 'integer') {
    outside.push((min ?? 0) + 1.5);
  }
  return { inside, outside };
}

describe('deep schemas', () => {
  for (const [schema, read] of readers) {
    it(`${schema.modelClass} ranges agree with validation`, () => {
      for (const key of schema.keys) {
        if (key.kind !== 'number' && key.kind !== 'integer') {
          continue;
        }
        const { inside, outside } = probes(key);
        for (const value of inside) {
          const problems = read({ [key.key]: value }).problems.filter((problem) => problem.key === key.key);
          expect(problems, `${key.key} = ${value}`).toEqual([]);
        }
        for (const value of outside) {
          const problems = read({ [key.key]: value }).problems.filter((problem) => problem.key === key.key);
          expect(problems.length, `${key.key} = ${value}`).toBe(1);
        }
      }
    });

    it(`${schema.modelClass} names agree with validation`, () => {
      for (const key of schema.keys.filter((entry) => entry.kind === 'identifier')) {
        for (const name of key.range.values ?? []) {
          expect(read({ [key.key]: name }).problems).toEqual([]);
        }
        expect(read({ [key.key]: 'no_such_name' }).problems.map((problem) => problem.key)).toEqual([key.key]);
      }
    });

    it(`${schema.modelClass} defaults are valid`, () => {
      expect(read({}).problems).toEqual([]);
      for (const key of schema.keys) {
        expect(key.meaning.length).toBeGreaterThan(10);
      }
    });
  }

  it('rejects bad hidden lists', () => {
    expect(readAutoregressiveSettings({ hidden: [] }).problems[0]?.key).toBe('hidden');
    expect(readAutoregressiveSettings({ hidden: [4, 0] }).problems[0]?.key).toBe('hidden');
    expect(readAutoregressiveSettings({ hidden: [4, 2.5] }).problems[0]?.key).toBe('hidden');
    expect(readAutoregressiveSettings({ hidden: [4, 4097] }).problems[0]?.key).toBe('hidden');
  });

  it('rejects shared_layers past the layers', () => {
    expect(readEnergySettings({ hidden: [4, 4], shared_layers: 3 }).problems).toEqual([]);
    expect(readEnergySettings({ hidden: [4, 4], shared_layers: 4 }).problems[0]?.key).toBe('shared_layers');
  });
});
