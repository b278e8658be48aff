import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BackboneServer } from '../support/backbone-server.js';
import { startBackboneServer } from '../support/backbone-server.js';
import type { ServeHandle } from './harness.js';
import {
  hasChromium,
  launchBrowser,
  openApp,
  removeLibrary,
  sampleLibrary,
  startServe,
} from './harness.js';

const id = 'mobilenet-v2-imagenet';

describe.skipIf(!hasChromium)('pretrained networks in the Train area', () => {
  let browser: Browser;
  let backboneServer: BackboneServer;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    backboneServer = await startBackboneServer(id);
    // fovea serve inherits the environment: its downloads go to the loopback server.
    process.env['FOVEA_BACKBONE_BASE_URL'] = backboneServer.url;
    browser = await launchBrowser();
    serve = await startServe(await sampleLibrary(8));
    page = await openApp(browser, serve);
    await page.getByTestId('nav-train').click();
    await page.getByTestId('pretrained-form').waitFor();
  });
  afterAll(async () => {
    delete process.env['FOVEA_BACKBONE_BASE_URL'];
    await browser?.close();
    await serve?.stop();
    await backboneServer?.close();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('lists the bundled network as here and downloads an ImageNet one with progress', async () => {
    // Until it is downloaded, a run cannot start from it.
    expect(await page.getByTestId(`start-${id}`).count()).toBe(0);
    await page.getByTestId('backbones').locator('summary').click();
    const bundled = page.locator('[data-testid="backbone"][data-id="mobilenet-v2"]');
    await expect.poll(() => bundled.textContent()).toMatch(/Comes with Fovea/);
    const downloadable = page.locator(`[data-testid="backbone"][data-id="${id}"]`);
    expect(await downloadable.textContent()).toMatch(/Needs a download of about 9\.1 MB/);
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => downloadable.textContent()).toMatch(/需要下载约 9\.1 MB/);
    await page.getByTestId('language').selectOption('en');

    await downloadable.getByTestId('backbone-download').click();
    await expect
      .poll(() => downloadable.textContent(), { timeout: 30_000 })
      .toMatch(/On this computer/);
    expect(await downloadable.getByTestId('backbone-download').count()).toBe(0);
    expect(backboneServer.requests).toContain(`/${id}/group1-shard2of2`);
    // Downloaded, it is offered as a start.
    await page.getByTestId(`start-${id}`).waitFor();
  });
});
