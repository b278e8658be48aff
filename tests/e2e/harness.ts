/**
 * End-to-end harness: `fovea serve` on a temporary library, driven by Debian's Chromium through
 * playwright-core (no browser download). Tests skip with a visible message where Chromium is absent.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterEach } from 'vitest';

export const repoRoot = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
export const chromiumPath = process.env['FOVEA_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
if (!hasChromium)
  console.warn(`e2e: skipped, no Chromium at ${chromiumPath} (apt-get install -y chromium)`);

export interface ServeHandle {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly libraryDir: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `fovea serve` (the built CLI) and resolves once it printed its address. */
export async function startServe(
  libraryDir?: string,
  extraArgs: string[] = [],
): Promise<ServeHandle> {
  const library = libraryDir ?? (await mkdtemp(join(tmpdir(), 'fovea-e2e-')));
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin/fovea.js'), 'serve', '--library', library, '--port', '0', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FOVEA_NO_SAMPLE: '1' } },
  );
  let output = '';
  const url = await new Promise<string>((resolvePromise, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match?.[1]) resolvePromise(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`fovea serve exited (${code}) before listening:\n${output}`)),
    );
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    libraryDir: library,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/**
 * A new library holding the built-in sample (`perClass` drawings of each class) imported as
 * "sample" with the CLI; the drawings are written inside it, so removing it removes them too.
 */
export async function sampleLibrary(perClass: number): Promise<string> {
  const library = await mkdtemp(join(tmpdir(), 'fovea-e2e-sample-'));
  const source = join(library, 'sample-source');
  const cli = join(repoRoot, 'bin/fovea.js');
  const options = { env: { ...process.env, FOVEA_NO_SAMPLE: '1' } };
  await run(process.execPath, [cli, 'sample', source, '--per-class', String(perClass)], options);
  await run(
    process.execPath,
    [cli, 'import', '--library', library, '--dataset', 'sample', source],
    options,
  );
  return library;
}

export async function removeLibrary(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** `extraArgs` adds Chromium switches (the fake camera's, for one). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/**
 * Errors the page threw or logged since the last test ended. A page error is a bug the user
 * would see (a blank chart, a dead button), so every e2e test fails on one; a test that provokes
 * one on purpose takes it with `takePageProblems()`.
 */
const pageProblems: string[] = [];

export function takePageProblems(): string[] {
  return pageProblems.splice(0);
}

// Registered when a test file imports the harness, so it runs after each of that file's tests.
afterEach(() => {
  const problems = takePageProblems();
  if (problems.length > 0) throw new Error(`The page reported errors:\n${problems.join('\n')}`);
});

/** `prepare` runs before the app loads (an init script, say). */
export async function openApp(
  browser: Browser,
  serve: ServeHandle,
  prepare?: (page: Page) => Promise<unknown>,
): Promise<Page> {
  const page = await browser.newPage({ locale: 'en-US' });
  await prepare?.(page);
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console error: ${message.text()}`);
  });
  await page.goto(serve.url);
  return page;
}

/**
 * The Train area starts from the pretrained backbone by default; tests of the from-scratch
 * network choose it first (the choice is remembered per dataset, as the form is).
 */
export async function trainFromScratch(page: Page): Promise<void> {
  await page.getByTestId('start-scratch').check();
  await page.getByTestId('model-summary').waitFor();
}
