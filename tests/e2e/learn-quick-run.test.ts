/** Learn's "where filters come from" starts a short run on the dataset in view and shows it. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import {
  hasChromium,
  launchBrowser,
  openApp,
  removeLibrary,
  sampleLibrary,
  startServe,
} from './harness.js';

describe.skipIf(!hasChromium)("Learn's short run", () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe(await sampleLibrary(20));
    page = await openApp(browser, serve);
    await page.getByTestId('dataset-item').first().click();
    await page.getByTestId('nav-learn').click();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('trains TinyVGG on the sample and shows its filters in Train', async () => {
    await page.getByTestId('learn-quick-run').click();
    await expect
      .poll(() => page.getByTestId('nav-train').getAttribute('aria-current'))
      .toBe('page');
    await expect
      .poll(() => page.getByTestId('run-state').textContent(), { timeout: 120_000 })
      .toBe('Completed');
    expect(await page.getByTestId('run-item').count()).toBe(1);
    expect(await page.getByTestId('filters-0').count()).toBe(1);
  }, 180_000);
});
