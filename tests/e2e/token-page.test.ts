/** A browser that reaches web mode without its token gets a page that says how to get in. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import {
  hasChromium,
  launchBrowser,
  removeLibrary,
  startServe,
  takePageProblems,
} from './harness.js';

describe.skipIf(!hasChromium)('opening web mode without its token', () => {
  let browser: Browser;
  let serve: ServeHandle;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  for (const [locale, heading] of [
    ['en-US', 'Open Fovea from its address'],
    ['zh-CN', '请用 Fovea 打印的地址打开'],
  ] as const) {
    it(`shows how to open Fovea, ${locale} first`, async () => {
      const page = await browser.newPage({ locale });
      const response = await page.goto(`${serve.origin}/?token=wrong`);
      expect(response?.status()).toBe(401);
      await expect.poll(() => page.locator('h1').first().textContent()).toBe(heading);
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).toContain('fovea serve');
      expect(text).toContain('请打开');
      expect(text).toContain('Open the address');
      await page.close();
      takePageProblems(); // the 401 itself is logged as a failed resource load
    });
  }
});

describe.skipIf(!hasChromium)('two web-mode servers in one browser', () => {
  let browser: Browser;
  const servers: ServeHandle[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    servers.push(await startServe(), await startServe());
  });
  afterAll(async () => {
    await browser?.close();
    for (const serve of servers) {
      await serve.stop();
      await removeLibrary(serve.libraryDir);
    }
  });

  it('keeps the first logged in after logging into the second', async () => {
    const [first, second] = servers as [ServeHandle, ServeHandle];
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(first.url);
    await page.getByTestId('nav-datasets').waitFor();
    await page.goto(second.url);
    await page.getByTestId('nav-datasets').waitFor();
    // Without the token in the address, each server must still know this browser by its cookie.
    for (const serve of [first, second]) {
      const response = await page.goto(`${serve.origin}/`);
      expect(response?.status()).toBe(200);
      await page.getByTestId('nav-datasets').waitFor();
    }
    await context.close();
  });
});
