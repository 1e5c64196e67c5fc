/**
 * The VS Code package: builds the .vsix with the flags of `npm run
 * package:vsix` into a temporary folder and reads the file list from the
 * zip's central directory. The package must contain every file the
 * extension loads at run time and nothing else (no node_modules, source
 * maps or sources).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, repositoryRoot } from './client';

interface ZipEntry {
  name: string;
  /** Uncompressed size in bytes. */
  size: number;
}

/**
 * Names and sizes of the files in a zip archive, from its central
 * directory (PKWARE APPNOTE.TXT, sections 4.3.12 and 4.3.16). The end of
 * central directory record is the last 22 bytes plus a comment of at most
 * 65535 bytes.
 */
function zipEntries(archive: Buffer): ZipEntry[] {
  const endSignature = 0x06054b50;
  const centralSignature = 0x02014b50;
  let end = -1;
  for (let offset = archive.length - 22; offset >= Math.max(0, archive.length - 22 - 0xffff); offset--) {
    if (archive.readUInt32LE(offset) === endSignature) {
      end = offset;
      break;
    }
  }
  if (end < 0) {
    throw new Error('not a zip archive: no end of central directory record');
  }

  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (archive.readUInt32LE(offset) !== centralSignature) {
      throw new Error(`bad central directory header ${index} at byte ${offset}`);
    }
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    entries.push({ name: archive.toString('utf8', offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Returns the arguments that `npm run package:vsix` passes to vsce, with the output redirected to `out`. */
function vsceArguments(out: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const script = manifest.scripts['package:vsix'];
  const command = script
    .split('&&')
    .map((part) => part.trim())
    .find((part) => part.startsWith('vsce '));
  expect(command, `package:vsix runs vsce: ${script}`).toBeDefined();
  const words = command!.split(/\s+/).slice(1);
  const outIndex = words.indexOf('--out');
  if (outIndex >= 0) {
    words.splice(outIndex, 2);
  }
  return [...words, '--out', out];
}

/** Files the extension loads at run time, relative to the extension folder. */
const required = [
  'package.json',
  'dist/client.js',
  'dist/server.js',
  'dist/worker.js',
  'dist/worker-deep.js',
  'dist/tfjs-backend-wasm.wasm',
  'dist/tfjs-backend-wasm-simd.wasm',
  'dist/tfjs-backend-wasm-threaded-simd.wasm',
  'dist/results/webview.js',
  'syntaxes/msbound.tmLanguage.json',
  'snippets/msbound.code-snippets',
  'language-configuration.json',
];

/** Everything the package may hold besides the vsce manifest files. */
const allowed = [
  /^package\.json$/,
  /^(readme|changelog)\.md$/i,
  /^license(\.txt|\.md)?$/i,
  /^docs\/diagnostics\.md$/,
  /^dist\/(client|server|worker|worker-deep)\.js$/,
  /^dist\/tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm$/,
  /^dist\/results\/[\w.-]+\.(js|css)$/,
  /^syntaxes\/msbound\.tmLanguage\.json$/,
  /^snippets\/msbound\.code-snippets$/,
  /^language-configuration\.json$/,
  /^client\/walkthrough\/[\w-]+\.md$/,
];

let folder: string;
let files: ZipEntry[];

beforeAll(() => {
  buildServer();
  folder = mkdtempSync(path.join(os.tmpdir(), 'msbound-vsix-'));
  const out = path.join(folder, 'msbound.vsix');
  const vsce = path.join(repositoryRoot, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, vsceArguments(out), { cwd: repositoryRoot, encoding: 'utf8', timeout: 90_000 });
  if (result.status !== 0) {
    throw new Error(`vsce package failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  const entries = zipEntries(readFileSync(out));
  expect(entries.map((entry) => entry.name)).toContain('extension.vsixmanifest');
  files = entries.filter((entry) => entry.name.startsWith('extension/')).map((entry) => ({ ...entry, name: entry.name.slice('extension/'.length) }));
}, 120_000);

afterAll(() => {
  if (folder) {
    rmSync(folder, { recursive: true, force: true });
  }
});

describe('the .vsix package', () => {
  it('holds the bundles, the WASM binaries and the results view', () => {
    const names = files.map((entry) => entry.name);
    for (const file of required) {
      expect(names, `${file} in the package`).toContain(file);
    }
    for (const file of required.filter((name) => name.startsWith('dist/'))) {
      expect(files.find((entry) => entry.name === file)!.size, `${file} is not empty`).toBeGreaterThan(0);
    }
  });

  it('holds every file that package.json refers to', () => {
    const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8'));
    const referenced: string[] = [manifest.main];
    for (const language of manifest.contributes.languages ?? []) {
      referenced.push(language.configuration);
    }
    for (const grammar of manifest.contributes.grammars ?? []) {
      referenced.push(grammar.path);
    }
    for (const snippet of manifest.contributes.snippets ?? []) {
      referenced.push(snippet.path);
    }
    for (const walkthrough of manifest.contributes.walkthroughs ?? []) {
      for (const step of walkthrough.steps) {
        referenced.push(step.media?.markdown ?? step.media?.image);
      }
    }
    const names = new Set(files.map((entry) => entry.name));
    for (const reference of referenced.filter((value) => typeof value === 'string')) {
      expect(names, `${reference} (named in package.json)`).toContain(path.posix.normalize(reference));
    }
  });

  it('holds nothing else: no node_modules, source maps, sources or the CLI', () => {
    const unexpected = files.map((entry) => entry.name).filter((name) => !allowed.some((pattern) => pattern.test(name)));
    expect(unexpected).toEqual([]);
    expect(files.filter((entry) => /node_modules|\.map$|\.ts$|^dist\/cli\.js$/.test(entry.name))).toEqual([]);
  });
});
