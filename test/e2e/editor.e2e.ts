/**
 * Editor end-to-end test: builds the extension's .vsix, installs it into a
 * fresh code-server (VS Code 1.139 in the browser) bound to 127.0.0.1,
 * opens examples/figure1.msb in headless Chromium and checks what a user
 * sees: TextMate colouring, the bound inlay hint, the derivation hover, a
 * palette command's output and a diagnostic for a typed error.
 *
 * Run with `npm run test:e2e` (which runs test/e2e/setup.sh first).
 * Screenshots, the code-server log and the editor's logs go to
 * test-results/e2e/. Environment overrides:
 *   MSBOUND_E2E_VSIX   an already built .vsix (skips `npm run package:vsix`)
 *   MSBOUND_E2E_SPEC   the spec file to open (default examples/figure1.msb)
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildVsix,
  codeServerDirs,
  installExtension,
  launchBrowser,
  readSetupPaths,
  registerTemporaryDir,
  removeTemporaryDirs,
  runPaletteCommand,
  screenshot,
  startCodeServer,
  stopAll,
  waitUntil,
  writeUserSettings,
  type CodeServer,
  type CodeServerDirs,
} from './harness';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(repoRoot, 'test-results', 'e2e');
const specPath = resolve(process.env.MSBOUND_E2E_SPEC ?? join(repoRoot, 'examples', 'figure1.msb'));
const specName = basename(specPath);

/**
 * Bounds of figure1's first experiment under the `paper` preset, the
 * order-level rate sqrt(P / n), at K = 5, n = 500, D = 10, d_sim = 5.
 * Single source: P = K D = 50, so sqrt(50 / 500) = 0.3162. Multi-source:
 * P = K (D - d_sim) + d_sim = 30, so sqrt(30 / 500) = 0.2449.
 */
const expectedSingleBound = Math.sqrt((5 * 10) / 500);
const expectedMultiBound = Math.sqrt((5 * (10 - 5) + 5) / 500);

/** Largest rounding error of a decimal as shown: half a unit in its last decimal place ("0.245" gives 0.0005). */
function roundingTolerance(shown: string): number {
  const decimals = shown.includes('.') ? shown.length - shown.indexOf('.') - 1 : 0;
  return 0.5 * 10 ** -decimals;
}

/** Typed into the first experiment to provoke an unknown-key error. */
const typedError = 'sorces K = 3';

let workDir = '';
let page: Page | undefined;
let context: BrowserContext | undefined;
let server: CodeServer | undefined;
let dirs: CodeServerDirs | undefined;
let specText = '';
let firstExperimentName = '';
const offLoopbackRequests: string[] = [];
const browserErrors: string[] = [];

/** Runs one setup step; a failure names the step and leaves a screenshot. */
async function step<T>(name: string, action: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await action();
    console.log(`[e2e] ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    await screenshot(page, artifacts, `failed-${name.replace(/[^A-Za-z0-9]+/g, '-')}`);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`step "${name}" failed: ${message}`);
  }
}

/** The part of the page's `window` that the token check calls. */
interface BrowserWindow {
  getComputedStyle(element: unknown): { color: string };
}

/** True for an HTTP or WebSocket URL whose host is not the loopback address. */
function isOffLoopback(address: string): boolean {
  const url = new URL(address);
  return /^(https?|wss?):$/.test(url.protocol) && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

function normalizeSpaces(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

function activePage(): Page {
  if (!page) {
    throw new Error('the browser page is not open because an earlier step failed');
  }
  return page;
}

/** Locates the spec file's editor, because other editors (such as a Markdown preview) may open beside it. */
function specEditor(): Locator {
  return activePage().locator(`.monaco-editor[data-uri$="/${specName}"]`).first();
}

describe('msbound in VS Code (code-server)', () => {
  beforeAll(async () => {
    // checks.e2e.ts keeps its artifacts in the subfolder checks/, which this file leaves alone.
    mkdirSync(artifacts, { recursive: true });
    for (const entry of readdirSync(artifacts)) {
      if (entry !== 'checks') {
        rmSync(join(artifacts, entry), { recursive: true, force: true });
      }
    }
    workDir = mkdtempSync(join(tmpdir(), 'msbound-e2e-'));
    registerTemporaryDir(workDir);

    const paths = await step('read setup paths', async () => readSetupPaths());
    const vsix = await step('build the .vsix (npm run package:vsix)', () => buildVsix(repoRoot));

    const workspace = join(workDir, 'workspace');
    await step('prepare the workspace', async () => {
      if (!existsSync(specPath)) {
        throw new Error(`${specPath} not found`);
      }
      mkdirSync(workspace, { recursive: true });
      copyFileSync(specPath, join(workspace, specName));
      specText = readFileSync(specPath, 'utf8');
      const header = /^\s*experiment\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(specText);
      if (!header) {
        throw new Error(`${specPath} declares no experiment`);
      }
      firstExperimentName = header[1];
    });

    dirs = codeServerDirs(join(workDir, 'code-server'));
    writeUserSettings(dirs);
    const installDirs = dirs;
    await step('install the .vsix into code-server', () => installExtension(paths, installDirs, vsix));

    server = await step('start code-server on 127.0.0.1', () =>
      startCodeServer(paths, installDirs, workspace, join(artifacts, 'code-server.log'), 60_000),
    );

    context = await step('launch Chromium', () => launchBrowser(paths, join(workDir, 'chromium')));
    // Webview resources use the host *.vscode-cdn.net, but the webview's
    // service worker serves them from code-server, so only requests that
    // reached the network or failed there count.
    context.on('requestfinished', async (request) => {
      if (isOffLoopback(request.url())) {
        const response = await request.response().catch(() => null);
        if (!response?.fromServiceWorker()) {
          offLoopbackRequests.push(`${request.method()} ${request.url()} (sent to the network)`);
        }
      }
    });
    context.on('requestfailed', (request) => {
      if (isOffLoopback(request.url())) {
        offLoopbackRequests.push(`${request.method()} ${request.url()} (failed: ${request.failure()?.errorText ?? 'unknown error'})`);
      }
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') {
        browserErrors.push(message.text());
      }
    });
    page.on('pageerror', (error) => browserErrors.push(String(error)));

    const url = `${server.url}?folder=${encodeURIComponent(workspace)}`;
    await step('open the workbench', async () => {
      const current = activePage();
      await current.goto(url, { timeout: 60_000 });
      await current.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
      await current.locator('.explorer-folders-view .monaco-list-row', { hasText: specName }).first().waitFor({ state: 'visible', timeout: 90_000 });
    });

    await step(`open ${specName}`, async () => {
      const current = activePage();
      await current.locator('.explorer-folders-view .monaco-list-row', { hasText: specName }).first().click();
      await specEditor().locator('.view-line', { hasText: 'experiment' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      await screenshot(current, artifacts, '01-opened');
    });
  });

  afterAll(async () => {
    await screenshot(page, artifacts, '99-final');
    page = undefined;
    context = undefined;
    const leftovers = await stopAll();

    // The editor's own logs (extension host, language server output channel).
    if (dirs && existsSync(join(dirs.userData, 'logs'))) {
      cpSync(join(dirs.userData, 'logs'), join(artifacts, 'editor-logs'), { recursive: true });
    }
    writeFileSync(join(artifacts, 'browser-errors.log'), browserErrors.join('\n'));
    removeTemporaryDirs();
    expect(leftovers, 'processes that survived stopping code-server and Chromium').toEqual([]);
  });

  it('colours a keyword apart from an identifier', async () => {
    const line = specEditor().locator('.view-line', { hasText: new RegExp(`experiment\\s+${firstExperimentName}\\b`) }).first();
    const tokens = await waitUntil(
      `the TextMate grammar to colour "experiment" and "${firstExperimentName}" differently`,
      async () => {
        const spans = await line.locator('span > span').evaluateAll((elements) =>
          elements.map((element) => ({
            text: element.textContent ?? '',
            className: element.className,
            // The project's tsconfig has no DOM library; this runs in the page.
            color: (globalThis as unknown as BrowserWindow).getComputedStyle(element).color,
          })),
        );
        const keyword = spans.find((span) => span.text.trim() === 'experiment');
        const name = spans.find((span) => span.text.trim() === firstExperimentName);
        // An empty computed colour means the span was not rendered yet (seen once under load), so keep waiting.
        const rendered = keyword && name && keyword.color !== '' && name.color !== '';
        const distinct = rendered && keyword.className !== name.className ? { keyword, name } : undefined;
        return { value: distinct, observed: spans };
      },
      60_000,
    );
    await screenshot(page, artifacts, '02-tokens');

    expect(tokens.keyword.className).toMatch(/\bmtk\d+\b/);
    expect(tokens.name.className).toMatch(/\bmtk\d+\b/);
    expect(tokens.keyword.color, 'computed colour of the keyword and the name').not.toBe(tokens.name.color);

    // The scope inspector lists the TextMate scopes under the cursor, which
    // distinguishes the grammar's colouring from semantic tokens.
    const current = activePage();
    await line.locator('span > span', { hasText: /^experiment$/ }).first().click();
    await runPaletteCommand(activePage(), 'Developer: Inspect Editor Tokens and Scopes');
    const inspector = current.locator('.token-inspect-widget', { hasText: 'textmate scopes' }).first();
    await inspector.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(current, artifacts, '02-token-scopes');
    const scopes = (await inspector.innerText()).split(/\s+/);
    await current.keyboard.press('Escape');

    expect(scopes, 'TextMate scopes of "experiment"').toContainEqual(expect.stringMatching(/^keyword(\.[\w-]+)*\.msbound$/));
  });

  it('shows the multi-source bound as an inlay hint', async () => {
    const hintPattern = /single <= ([0-9.]+) multi <= ([0-9.]+)/;
    expect(specText, `${specName} must not contain the hint's text itself`).not.toMatch(hintPattern);

    const hint = await waitUntil(
      'an inlay hint "single <= ... multi <= ..."',
      async () => {
        const text = normalizeSpaces((await specEditor().locator('.view-lines').textContent()) ?? '');
        return { value: hintPattern.exec(text) ?? undefined, observed: text.slice(0, 800) };
      },
      90_000,
    );
    await screenshot(page, artifacts, '03-inlay-hint');
    const single = Number(hint[1]);
    const multi = Number(hint[2]);

    expect(Math.abs(multi - expectedMultiBound), `multi-source bound ${hint[2]} vs sqrt(30 / 500)`).toBeLessThanOrEqual(roundingTolerance(hint[2]));
    expect(Math.abs(single - expectedSingleBound), `single-source bound ${hint[1]} vs sqrt(50 / 500)`).toBeLessThanOrEqual(roundingTolerance(hint[1]));
  });

  it('shows the derivation on hover', async () => {
    const current = activePage();
    const line = specEditor().locator('.view-line', { hasText: new RegExp(`experiment\\s+${firstExperimentName}\\b`) }).first();
    const keyword = line.locator('span > span', { hasText: /^experiment$/ }).first();
    const box = await keyword.boundingBox();
    if (!box) {
      throw new Error('the "experiment" keyword has no bounding box on screen');
    }
    await current.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

    const hover = current.locator('.monaco-hover:visible', { hasText: 'multi-source bound' }).first();
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(current, artifacts, '04-hover');
    const text = normalizeSpaces((await hover.textContent()) ?? '');
    const derivationSteps = await hover.locator('ol > li').count();
    const multi = /multi-source bound ([0-9.]+)/.exec(text);

    expect(multi, `"multi-source bound" row in the hover: ${text.slice(0, 400)}`).not.toBeNull();
    expect(Math.abs(Number(multi![1]) - expectedMultiBound)).toBeLessThanOrEqual(roundingTolerance(multi![1]));
    expect(text).toContain('single-source bound');
    expect(derivationSteps, 'numbered derivation steps in the hover').toBeGreaterThanOrEqual(2);
    expect(text).toContain('Rules');

    await current.mouse.move(5, 5);
    await current.keyboard.press('Escape');
  });

  it('runs Plan Sample Size from the palette', async () => {
    const current = activePage();
    await specEditor().locator('.view-line', { hasText: 'experiment' }).first().click();
    await runPaletteCommand(activePage(), 'msbound: Plan Sample Size');

    const targetBox = current.locator('.quick-input-widget', { hasText: 'Plan Sample Size' });
    await targetBox.waitFor({ state: 'visible', timeout: 30_000 });
    await current.locator('.quick-input-widget input').fill('0.1');
    await current.keyboard.press('Enter');

    // The result opens as a rendered Markdown preview, a webview in nested iframes.
    const preview = current.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const heading = preview.locator('h1', { hasText: 'Sample size for' }).first();
    await heading.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(current, artifacts, '05-plan-sample-size');
    const body = normalizeSpaces((await preview.locator('body').textContent()) ?? '');
    const sizes = /Smallest total n: single-source ([0-9.e+]+), multi-source ([0-9.e+]+)/.exec(body);

    expect(normalizeSpaces((await heading.textContent()) ?? '')).toContain(firstExperimentName);
    expect(sizes, `"Smallest total n" line in the preview: ${body.slice(0, 400)}`).not.toBeNull();
    // sqrt(P / n) <= 1/10 exactly when n >= 100 P: P = 50 for a single
    // source and P = 30 for multi-source training (see expectedSingleBound).
    expect(Number(sizes![1]), 'single-source sample size').toBe(100 * 50);
    expect(Number(sizes![2]), 'multi-source sample size').toBe(100 * 30);
  });

  it('reports a typed error as a diagnostic', async () => {
    const current = activePage();
    const editor = specEditor();
    await expect.poll(() => editor.locator('.squiggly-error').count(), { timeout: 10_000 }).toBe(0);

    const header = editor.locator('.view-line', { hasText: new RegExp(`experiment\\s+${firstExperimentName}\\b`) }).first();
    await header.click();
    await current.keyboard.press('End');
    await current.keyboard.press('Enter');
    await current.keyboard.type(typedError, { delay: 20 });

    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
    await screenshot(current, artifacts, '06-squiggle');

    await runPaletteCommand(activePage(), 'View: Focus Problems');
    const problem = current.locator('.markers-panel .monaco-list-row', { hasText: 'sorces' }).first();
    await problem.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(current, artifacts, '07-problems');
    const problemText = normalizeSpaces((await problem.textContent()) ?? '');

    expect(problemText).toMatch(/sorces/);
    expect(problemText, 'diagnostic code in the Problems view').toMatch(/MSB\d+/);
  });

  it('sends no request off loopback', () => {
    expect(offLoopbackRequests).toEqual([]);
  });
});
