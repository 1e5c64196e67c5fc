import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const coreFolder = join(root, 'server/src/core');

/** Modules the analysis core must not import: I/O, processes, LSP, the editor and TensorFlow.js. */
const forbidden = [
  /^(node:)?(fs|fs\/promises|child_process|worker_threads|net|http|https|os|path|process)$/,
  /^vscode$/,
  /^vscode-languageserver/,
  /^vscode-jsonrpc/,
  /^@tensorflow\//,
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importedModules(text: string): string[] {
  const modules: string[] = [];
  for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    modules.push(match[1] ?? match[2] ?? match[3]);
  }
  return modules;
}

describe('analysis core', () => {
  const files = sourceFiles(coreFolder);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports no I/O, LSP or TensorFlow.js module', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const module of importedModules(readFileSync(file, 'utf8'))) {
        if (forbidden.some((pattern) => pattern.test(module))) {
          violations.push(`${relative(root, file)} imports ${module}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('imports nothing outside the core', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const module of importedModules(readFileSync(file, 'utf8'))) {
        if (module.startsWith('.') && !resolve(file, '..', module).startsWith(coreFolder)) {
          violations.push(`${relative(root, file)} imports ${module}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('does not touch the process object', () => {
    const users = files.filter((file) => /\bprocess\.(env|argv|exit|stdout|stderr|cwd)\b/.test(readFileSync(file, 'utf8')));
    expect(users.map((file) => relative(root, file))).toEqual([]);
  });
});
