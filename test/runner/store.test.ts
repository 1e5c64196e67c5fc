/**
 * The results store: atomic writes, unique ids, corrupt records skipped
 * with a reason, and staleness from the configuration hash.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedPoint } from '../../server/src/core/semantics/model';
import type { CheckOutcome } from '../../server/src/runner/protocol';
import {
  buildRecord,
  canonicalJson,
  configurationHash,
  findWorkspaceRoot,
  isStale,
  latestByExperiment,
  preferredByExperiment,
  readRecords,
  storeFolder,
  writeRecord,
} from '../../server/src/runner/store';
import { removeFolder } from './helpers';

function point(overrides: Partial<ResolvedPoint> = {}): ResolvedPoint {
  return {
    experiment: 'defaults',
    sweepValues: {},
    bindings: { K: 5, n: 500, D: 10, d_sim: 5 },
    K: 5,
    sourceNames: ['1', '2', '3', '4', '5'],
    weights: [0.2, 0.2, 0.2, 0.2, 0.2],
    n: 500,
    delta: 0.05,
    preset: 'paper',
    C: 3,
    model: { modelClass: 'gaussian', dim: 10, shared: 5, meanBound: 6 },
    check: { seeds: [3, 33, 520, 2025, 25731], testSamples: 500 },
    ...overrides,
  };
}

function outcome(experiment = 'defaults'): CheckOutcome {
  return {
    status: 'finished',
    experiment,
    partial: false,
    seeds: [3, 33],
    totalUnits: 2,
    completedUnits: 2,
    backend: 'js',
    skippedBackends: [],
    versions: { msbound: '0.1.0', node: process.versions.node },
    timings: { wallMs: 120, computeMs: 80, startupMs: 40 },
    workers: 2,
  };
}

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'msbound-store-'));
});

afterEach(() => {
  removeFolder(root);
});

describe('configuration hash', () => {
  it('does not depend on the order of object keys', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    const reverse = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverse)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).reverse().map(([key, entry]) => [key, reverse(entry)]))
          : value;
    const reordered = reverse(point()) as ResolvedPoint;
    expect(Object.keys(reordered)[0]).toBe('check');
    expect(configurationHash([reordered])).toBe(configurationHash([point()]));
  });

  it('changes with any number the check uses', () => {
    const base = configurationHash([point()]);
    expect(configurationHash([point({ n: 501 })])).not.toBe(base);
    expect(configurationHash([point({ check: { seeds: [3, 33], testSamples: 500 } })])).not.toBe(base);
    expect(configurationHash([point({ model: { modelClass: 'gaussian', dim: 10, shared: 4, meanBound: 6 } })])).not.toBe(base);
    expect(configurationHash([point(), point()])).not.toBe(base);
  });

  it('is the SHA-256 of the canonical JSON', async () => {
    const { createHash } = await import('node:crypto');
    expect(configurationHash([point()])).toBe(createHash('sha256').update(canonicalJson([point()])).digest('hex'));
  });
});

describe('records', () => {
  it('round trip and staleness', () => {
    const record = buildRecord({ outcome: outcome(), points: [point()], workspaceRoot: root, specPath: path.join(root, 'specs', 'a.msb') });
    writeRecord(root, record);
    const listing = readRecords(root);
    expect(listing.problems).toEqual([]);
    expect(listing.records).toEqual([record]);
    expect(record.spec).toBe('specs/a.msb');
    expect(isStale(listing.records[0], configurationHash([point()]))).toBe(false);
    expect(isStale(listing.records[0], configurationHash([point({ n: 1000 })]))).toBe(true);
  });

  it('ids are unique, clashes rejected', () => {
    const ids = new Set<string>();
    const now = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < 200; i++) {
      ids.add(buildRecord({ outcome: outcome(), points: [point()], now }).id);
    }
    expect(ids.size).toBe(200);

    const record = buildRecord({ outcome: outcome(), points: [point()] });
    const file = writeRecord(root, record);
    const before = readFileSync(file, 'utf8');
    expect(() => writeRecord(root, { ...record, experiment: 'other' })).toThrow(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(storeFolder(root))).toEqual([path.basename(file)]);
  });

  it('crash mid-write keeps previous state', () => {
    const first = buildRecord({ outcome: outcome(), points: [point()] });
    writeRecord(root, first);
    // What a crash between write and rename leaves: a truncated temporary file.
    const text = JSON.stringify(buildRecord({ outcome: outcome(), points: [point()] }));
    writeFileSync(path.join(storeFolder(root), `.${first.id}-next.4242.tmp`), text.slice(0, text.length / 2));
    const listing = readRecords(root);
    expect(listing.records).toEqual([first]);
    expect(listing.problems).toEqual([]);
  });

  it('corrupt records reported and skipped', () => {
    const good = buildRecord({ outcome: outcome(), points: [point()] });
    writeRecord(root, good);
    const folder = storeFolder(root);
    writeFileSync(path.join(folder, 'broken.json'), '{"format": "msbound-check-result", "id": ');
    writeFileSync(path.join(folder, 'foreign.json'), '{"hello": 1}');
    writeFileSync(path.join(folder, 'future.json'), JSON.stringify({ ...good, formatVersion: 99 }));
    writeFileSync(path.join(folder, 'nodate.json'), JSON.stringify({ ...good, createdAt: 'yesterday' }));
    const listing = readRecords(root);
    expect(listing.records).toEqual([good]);
    const reasons = Object.fromEntries(listing.problems.map((problem) => [path.basename(problem.file), problem.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['broken.json', 'foreign.json', 'future.json', 'nodate.json']);
    expect(reasons['broken.json']).toMatch(/^not valid JSON/);
    expect(reasons['foreign.json']).toBe('field "format" is not "msbound-check-result"');
    expect(reasons['future.json']).toMatch(/format version 99 is newer/);
    expect(reasons['nodate.json']).toBe('field "createdAt" is not a date');
  });

  it('empty store has no records', () => {
    expect(readRecords(root)).toEqual({ records: [], problems: [] });
  });

  it('picks the newest record per experiment', () => {
    const old = buildRecord({ outcome: outcome(), points: [point()], now: new Date('2026-01-01T00:00:00Z') });
    const recent = buildRecord({ outcome: outcome(), points: [point()], now: new Date('2026-02-01T00:00:00Z') });
    const other = buildRecord({ outcome: outcome('other'), points: [point()], now: new Date('2026-01-15T00:00:00Z') });
    const latest = latestByExperiment([recent, other, old]);
    expect(latest.get('defaults')).toBe(recent);
    expect(latest.get('other')).toBe(other);
  });

  it('prefers the newest record of the current configuration', () => {
    const specSeeds = point();
    const moreSeeds = point({ check: { seeds: [0, 1, 2, 3], testSamples: 500 } });
    const matching = buildRecord({ outcome: outcome(), points: [specSeeds], now: new Date('2026-01-01T00:00:00Z') });
    const newer = buildRecord({ outcome: outcome(), points: [moreSeeds], now: new Date('2026-02-01T00:00:00Z') });
    for (const record of [matching, newer]) {
      record.check = { experiment: 'defaults', points: [], verdicts: [], partial: false };
    }
    const current = new Map([['defaults', configurationHash([specSeeds])]]);

    expect(preferredByExperiment([matching, newer], current).get('defaults')).toBe(matching);
    expect(preferredByExperiment([matching, newer], new Map()).get('defaults')).toBe(newer);
    expect(preferredByExperiment([newer], current).get('defaults')).toBe(newer);
  });

  it('skips a matching record without results', () => {
    const specSeeds = point();
    const finished = buildRecord({ outcome: outcome(), points: [specSeeds], now: new Date('2026-01-01T00:00:00Z') });
    finished.check = { experiment: 'defaults', points: [], verdicts: [], partial: false };
    const cancelled = buildRecord({ outcome: { ...outcome(), status: 'cancelled' }, points: [specSeeds], now: new Date('2026-02-01T00:00:00Z') });
    const current = new Map([['defaults', configurationHash([specSeeds])]]);

    expect(cancelled.check).toBeUndefined();
    expect(preferredByExperiment([finished, cancelled], current).get('defaults')).toBe(finished);
  });

  it('finds the workspace root from the spec path', () => {
    const nested = path.join(root, 'a', 'b');
    writeRecord(root, buildRecord({ outcome: outcome(), points: [point()] }));
    expect(findWorkspaceRoot(path.join(nested, 'x.msb'))).toBe(root);
  });
});
