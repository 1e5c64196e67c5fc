/**
 * The results webview in a real browser (headless Chromium through
 * playwright-core), under the panel's own HTML and content security policy.
 * The bundled script draws the figure without network access or eval, and
 * the export buttons send an SVG document and a PNG image to the extension.
 */
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ResultsPanelData } from '../../server/src/lsp/checks/panel-data';
import { removeFolder, repositoryRoot } from './helpers';

vi.mock('vscode', () => ({
  Uri: { joinPath: (base: { fsPath: string }, ...parts: string[]) => ({ fsPath: path.join(base.fsPath, ...parts) }) },
}));

/** The page's global object, as the scripts below use it (the project's type check has no DOM library). */
interface PageWindow {
  posted: { type: string; format?: string; content?: string }[];
  acquireVsCodeApi(): { postMessage(message: unknown): void };
  postMessage(message: unknown, target: string): void;
}
declare const window: PageWindow;

const chromiumPath = process.env.MSBOUND_E2E_CHROMIUM || '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);

let folder: string | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!hasChromium) {
    return;
  }
  folder = mkdtempSync(path.join(os.tmpdir(), 'msbound-webview-'));
  await esbuild.build({
    entryPoints: [path.join(repositoryRoot, 'client/src/results/webview/main.ts')],
    outfile: path.join(folder, 'webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'error',
  });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  removeFolder(folder);
});

function panelData(): ResultsPanelData {
  return {
    uri: 'file:///w/figure1.msb',
    experiments: [
      {
        experiment: 'vary_samples',
        axis: 'n',
        points: [100, 300, 500, 1000, 5000].map((n) => ({
          sweepValues: { n },
          single: { mean: 2.8 / Math.sqrt(n), se: 0.01, count: 5 },
          multi: { mean: 2.0 / Math.sqrt(n), se: 0.008, count: 5 },
          bounds: { preset: 'paper', single: Math.sqrt(50 / n), multi: Math.sqrt(30 / n) },
          verdicts: [{ name: 'ordering', status: 'pass', message: 'multi below single', values: {} }],
        })),
        verdicts: [{ name: 'rate', status: 'pass', message: 'slope -0.5', values: {} }],
        record: { id: 'r', createdAt: '2026-01-01T00:00:00.000Z', status: 'finished', partial: false, stale: false, seeds: 5, backend: 'js', wallMs: 300 },
      },
    ],
  };
}

it.skipIf(!hasChromium)('webview draws and exports SVG, PNG', async () => {
  const { panelHtml } = await import('../../client/src/results/panel');
  const assets = { fsPath: folder! };
  const html = panelHtml({ cspSource: 'file:', asWebviewUri: (uri: { fsPath: string }) => pathToFileURL(uri.fsPath) } as never, assets as never);
  expect(html).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
  expect(html).not.toMatch(/https?:\/\/(?!www\.w3)/);
  const page = path.join(folder!, 'panel.html');
  writeFileSync(page, html);

  const context = await browser!.newContext();
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  tab.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  // The stand-in for VS Code's webview API records what the script posts.
  await tab.addInitScript(() => {
    const posted: PageWindow['posted'] = [];
    window.posted = posted;
    window.acquireVsCodeApi = () => ({ postMessage: (message: unknown) => posted.push(message as PageWindow['posted'][number]) });
  });
  await tab.goto(pathToFileURL(page).toString());
  await tab.waitForFunction(() => window.posted.some((message) => message.type === 'ready'));
  await tab.evaluate((data) => window.postMessage({ type: 'data', data }, '*'), panelData() as never);
  await tab.waitForSelector('.chart svg .mark-rule');

  const text = await tab.textContent('body');
  expect(text).toContain('vary_samples');
  expect(text).toContain('whole sweep');
  expect(await tab.locator('table tr').count()).toBe(1 + 5 + 1);

  await tab.click('text=Export SVG');
  await tab.click('text=Export PNG');
  await tab.waitForFunction(() => window.posted.filter((message) => message.type === 'export').length === 2);
  const exports = await tab.evaluate(() => window.posted);
  const svg = exports.find((message) => message.format === 'svg')!;
  const png = exports.find((message) => message.format === 'png')!;
  expect(svg.content!.startsWith('<svg')).toBe(true);
  expect(svg.content).toContain('empirical TV (mean, 95 % interval)');
  expect(Buffer.from(png.content!, 'base64').subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(errors).toEqual([]);
  await context.close();
});
