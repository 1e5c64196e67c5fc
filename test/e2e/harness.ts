/**
 * Processes of the editor end-to-end test: code-server on 127.0.0.1 and
 * headless Chromium driven by playwright-core. Every child process gets the
 * environment variable MSBOUND_E2E_RUN=<run id>; descendants inherit it, so
 * `stopAll` can find and kill whatever a child left behind (language
 * server, extension host, Chromium helpers) by scanning /proc.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Value of MSBOUND_E2E_RUN for this test process's children. */
export const runId = randomUUID();

/** Executables installed by test/e2e/setup.sh. */
export interface SetupPaths {
  node: string;
  codeServer: string;
  chromium: string;
}

/** Cache folder of test/e2e/setup.sh; keep in sync with the script. */
export function setupCacheDir(): string {
  const xdgCache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return process.env.MSBOUND_E2E_CACHE || join(xdgCache, 'msbound-e2e');
}

/** Reads the paths file that test/e2e/setup.sh writes, and checks that each path exists. */
export function readSetupPaths(): SetupPaths {
  const file = join(setupCacheDir(), 'paths.env');
  if (!existsSync(file)) {
    throw new Error(`${file} not found: run \`bash test/e2e/setup.sh\` first (npm run test:e2e runs it).`);
  }
  const values = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) {
      values.set(match[1], match[2]);
    }
  }
  const paths: SetupPaths = {
    node: values.get('MSBOUND_E2E_NODE') ?? '',
    codeServer: values.get('MSBOUND_E2E_CODE_SERVER') ?? '',
    chromium: process.env.MSBOUND_E2E_CHROMIUM || values.get('MSBOUND_E2E_CHROMIUM') || '',
  };
  for (const [name, path] of Object.entries(paths)) {
    if (!path || !existsSync(path)) {
      throw new Error(`${name} path "${path}" from ${file} does not exist: rerun \`bash test/e2e/setup.sh\`.`);
    }
  }
  return paths;
}

/** Environment of every child: the run marker, and no proxy except a dead loopback one. */
export function childEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MSBOUND_E2E_RUN: runId,
    // Any server-side HTTP request that honours the proxy variables goes to
    // a closed loopback port and fails at once instead of leaving the machine.
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    http_proxy: 'http://127.0.0.1:9',
    https_proxy: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost,::1',
    no_proxy: '127.0.0.1,localhost,::1',
    ...extra,
  };
}

/** Runs a command to completion with a time limit; rejects with its output on failure. */
export function runCommand(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (error) {
          const reason = error.killed ? `timed out after ${options.timeoutMs} ms` : `failed (${error.message.split('\n')[0]})`;
          reject(new Error(`\`${file} ${args.join(' ')}\` ${reason}; last output:\n${output.slice(-4000)}`));
        } else {
          resolve(output);
        }
      },
    );
  });
}

/** Folders of one code-server instance, all under the run's temporary folder. */
export interface CodeServerDirs {
  userData: string;
  extensions: string;
  config: string;
  xdgConfig: string;
  xdgData: string;
  xdgCache: string;
}

export function codeServerDirs(root: string): CodeServerDirs {
  const dirs: CodeServerDirs = {
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    config: join(root, 'code-server.yaml'),
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
    xdgCache: join(root, 'xdg-cache'),
  };
  for (const dir of [dirs.userData, dirs.extensions, dirs.xdgConfig, dirs.xdgData, dirs.xdgCache]) {
    mkdirSync(dir, { recursive: true });
  }

  // Port 0: the kernel picks a free port, which code-server prints.
  writeFileSync(dirs.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return dirs;
}

/**
 * Writes the editor's user settings. They keep the editor offline and quiet
 * (no telemetry, update checks, gallery, experiments, AI chat, welcome
 * page, workspace-trust prompt) and make typing deterministic (no
 * suggestion widget that could take a typed key). `extra` adds or
 * overrides settings for one test file.
 */
export function writeUserSettings(dirs: CodeServerDirs, extra: Record<string, unknown> = {}): void {
  const settings = {
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'npm.fetchOnlinePackageInfo': false,
    'git.enabled': false,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.inlayHints.enabled': 'on',
    'editor.hover.delay': 300,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
    ...extra,
  };
  const userDir = join(dirs.userData, 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Environment of code-server: no extension gallery, and XDG folders of its
 * own, because code-server writes its config and logs there and VS Code its
 * device id (under the cache folder).
 */
function codeServerEnvironment(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  return childEnvironment({
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    // An empty gallery configuration disables the marketplace (Open VSX by
    // default in code-server), so the browser never queries it.
    EXTENSIONS_GALLERY: '{}',
  });
}

function codeServerArgs(paths: SetupPaths, dirs: CodeServerDirs): string[] {
  return [
    paths.codeServer,
    '--config',
    dirs.config,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
  ];
}

/** Installs a .vsix into the run's extensions folder with `code-server --install-extension`. */
export async function installExtension(paths: SetupPaths, dirs: CodeServerDirs, vsix: string): Promise<string> {
  const output = await runCommand(paths.node, [...codeServerArgs(paths, dirs), '--force', '--install-extension', vsix], {
    env: codeServerEnvironment(dirs),
    timeoutMs: 120_000,
  });
  if (!/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} did not report success:\n${output}`);
  }
  return output;
}

/** A running code-server: its URL and a way to stop its whole process group. */
export interface CodeServer {
  url: string;
  process: ChildProcess;
  logFile: string;
}

/**
 * Starts code-server in its own process group (so that stopping it reaches
 * the extension host and the language server) and resolves once it prints
 * the address it listens on.
 */
export function startCodeServer(
  paths: SetupPaths,
  dirs: CodeServerDirs,
  workspace: string,
  logFile: string,
  timeoutMs: number,
): Promise<CodeServer> {
  const args = [
    ...codeServerArgs(paths, dirs),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // Safety net for a test process killed with SIGKILL, which runs no
    // cleanup: code-server exits once no client has been connected for about
    // this long (plus its heartbeat expiry).
    '--idle-timeout-seconds',
    '120',
    workspace,
  ];
  const child = spawn(paths.node, args, {
    env: codeServerEnvironment(dirs),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackedGroups.add(child);
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`code-server printed no listening address within ${timeoutMs} ms; output:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], process: child, logFile });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`code-server failed to start: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (code ${code}, signal ${signal}) before listening; output:\n${output.slice(-4000)}`));
    });
  });
}

/** Arguments for Chromium: no sandbox (root in containers), no GPU, no traffic of its own. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
  // Every host name except the loopback address fails to resolve, so the
  // browser cannot reach another machine even if a page requests it.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/**
 * Launches headless Chromium with a fresh profile folder and returns its
 * single context. Chromium also writes crash reports and dconf data under
 * the XDG folders, so they point into the run's folder too.
 */
export async function launchBrowser(paths: SetupPaths, runDir: string): Promise<BrowserContext> {
  const profileDir = join(runDir, 'profile');
  const xdgConfig = join(runDir, 'xdg-config');
  const xdgCache = join(runDir, 'xdg-cache');
  for (const dir of [profileDir, xdgConfig, xdgCache]) {
    mkdirSync(dir, { recursive: true });
  }
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: paths.chromium,
    headless: true,
    args: chromiumArgs,
    env: childEnvironment({ XDG_CONFIG_HOME: xdgConfig, XDG_CACHE_HOME: xdgCache }),
    viewport: { width: 1440, height: 900 },
    timeout: 60_000,
    // VS Code's clipboard and keyboard handling ask for these.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  trackedBrowsers.add(context);
  return context;
}

const trackedGroups = new Set<ChildProcess>();
const trackedBrowsers = new Set<BrowserContext>();
const temporaryDirs = new Set<string>();

/** Registers a folder that `removeTemporaryDirs` and an early exit delete. */
export function registerTemporaryDir(path: string): void {
  temporaryDirs.add(path);
}

/** Deletes the registered temporary folders. */
export function removeTemporaryDirs(): void {
  for (const path of temporaryDirs) {
    rmSync(path, { recursive: true, force: true });
  }
  temporaryDirs.clear();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ids of the processes whose environment contains this run's marker. */
export function markedProcesses(): number[] {
  const marker = `MSBOUND_E2E_RUN=${runId}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) {
      continue;
    }
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (environ.split('\0').includes(marker)) {
        found.push(Number(entry));
      }
    } catch {
      // The process exited or is not ours to read.
    }
  }
  return found;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = (): void => {
      if (condition()) {
        resolve(true);
      } else if (Date.now() - started >= timeoutMs) {
        resolve(false);
      } else {
        setTimeout(poll, 100);
      }
    };
    poll();
  });
}

/**
 * Closes the browser, stops code-server's process group (SIGTERM, then
 * SIGKILL after 10 s) and kills any process that still carries the run
 * marker. Returns the ids that had to be killed by the marker scan, which
 * a clean shutdown leaves empty.
 */
export async function stopAll(): Promise<number[]> {
  for (const context of trackedBrowsers) {
    await Promise.race([context.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  }
  trackedBrowsers.clear();

  for (const child of trackedGroups) {
    if (child.pid !== undefined) {
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      const stopped = await waitFor(() => child.exitCode !== null || child.signalCode !== null || !isAlive(pid), 10_000);
      killGroup(pid, 'SIGKILL');
      if (!stopped) {
        await waitFor(() => !isAlive(pid), 5_000);
      }
    }
  }
  trackedGroups.clear();

  // Descendants that left the process group (setsid) or outlived it.
  await waitFor(() => markedProcesses().length === 0, 5_000);
  const leftovers = markedProcesses();
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Exited in between.
    }
  }
  return leftovers;
}

/** Kills everything and deletes the temporary folders synchronously when the test process exits early (crash, signal, timeout). */
function killAllNow(): void {
  for (const child of trackedGroups) {
    if (child.pid !== undefined) {
      killGroup(child.pid, 'SIGKILL');
    }
  }
  for (const pid of markedProcesses()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Exited in between.
    }
  }
  removeTemporaryDirs();
}

process.once('exit', killAllNow);
const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAllNow();
    // Exit with the shell's status for a death by this signal (128 + its number).
    process.exit(128 + signalNumbers[signal]);
  });
}

/** Saves a full-page screenshot under the artifacts folder; never throws. */
export async function screenshot(page: Page | undefined, artifacts: string, name: string): Promise<void> {
  if (!page || page.isClosed()) {
    return;
  }
  try {
    await page.screenshot({ path: join(artifacts, `${name}.png`), timeout: 15_000 });
  } catch {
    // A screenshot is an aid for a failure, never a failure itself.
  }
}

/**
 * Polls `observe` until it returns a value other than undefined; on timeout
 * the error names the awaited condition and the last observation.
 */
export async function waitUntil<T>(
  condition: string,
  observe: () => Promise<{ value?: T; observed: unknown }>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    const { value, observed } = await observe();
    last = observed;
    if (value !== undefined) {
      return value;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${condition}; last observed: ${JSON.stringify(last).slice(0, 2000)}`);
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, intervalMs));
  }
}

/** Builds the .vsix with `npm run package:vsix` (or takes MSBOUND_E2E_VSIX) and returns its path. */
export async function buildVsix(repoRoot: string): Promise<string> {
  if (process.env.MSBOUND_E2E_VSIX) {
    return resolvePath(process.env.MSBOUND_E2E_VSIX);
  }
  const started = Date.now();
  await runCommand('npm', ['run', 'package:vsix'], { cwd: repoRoot, timeoutMs: 300_000 });
  const built = readdirSync(repoRoot)
    .filter((name) => /^msbound.*\.vsix$/.test(name))
    .map((name) => join(repoRoot, name))
    .filter((path) => statSync(path).mtimeMs >= started - 1000)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (built.length === 0) {
    throw new Error(`npm run package:vsix wrote no msbound*.vsix in ${repoRoot}`);
  }
  return built[0];
}

/** Runs a command from the command palette (F1) by its title. */
export async function runPaletteCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(`>${title}`);
  const item = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
}
