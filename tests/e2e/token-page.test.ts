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
