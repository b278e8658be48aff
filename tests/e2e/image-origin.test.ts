/** An image's details say honestly where it came from, even when that place is gone. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import {
  hasChromium,
  launchBrowser,
  openApp,
  removeLibrary,
  repoRoot,
  startServe,
} from './harness.js';

const run = promisify(execFile);
const cli = join(repoRoot, 'bin/fovea.js');

describe.skipIf(!hasChromium)('image details in web mode', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let source: string;

  beforeAll(async () => {
    source = await mkdtemp(join(tmpdir(), 'fovea-e2e-origin-'));
    const library = await mkdtemp(join(tmpdir(), 'fovea-e2e-origin-lib-'));
    await mkdir(join(source, 'cat'));
    await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c84' } })
      .png()
      .toFile(join(source, 'cat', 'gone.png'));
    await run(process.execPath, [
      cli,
      'import',
      '--library',
      library,
      '--dataset',
      'moved',
      source,
    ]);
    await rm(source, { recursive: true, force: true });
    browser = await launchBrowser();
    serve = await startServe(library);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
    await rm(source, { recursive: true, force: true });
  });

  it('marks an original that was moved away as no longer there', async () => {
    const page = await openApp(browser, serve);
    await page.getByText('moved').first().click();
    await page.getByTestId('tile').first().click();
    const origin = (await page.getByTestId('detail-origin').textContent()) ?? '';
    expect(origin).toContain(join(source, 'cat', 'gone.png'));
    expect(origin).toContain('(no longer there');
  });
});
