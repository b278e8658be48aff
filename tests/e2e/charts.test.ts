/**
 * The live charts of a run: each one must draw its curves while the run trains. The loss charts
 * used to throw on their first frame (no loss yet) and stay empty frames for the whole run.
 */
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
  trainFromScratch,
} from './harness.js';

/** Pixels of a chart's canvas in a saturated colour: the curves (axes and grid are gray). */
function curvePixels(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((chart) => {
    const canvas = chart.querySelector('canvas');
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let index = 0; index < data.length; index += 4) {
      const [red, green, blue, alpha] = [
        data[index]!,
        data[index + 1]!,
        data[index + 2]!,
        data[index + 3]!,
      ];
      if (alpha > 128 && Math.max(red, green, blue) - Math.min(red, green, blue) > 80) count++;
    }
    return count;
  });
}

describe.skipIf(!hasChromium)('live charts of a run', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe(await sampleLibrary(40));
    page = await openApp(browser, serve);
    await page.getByTestId('nav-train').click();
    await trainFromScratch(page);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('draws the loss, accuracy and step-loss curves of a run without leaving the area', async () => {
    await page.getByTestId('preset').selectOption('ref-cnn');
    await page.getByTestId('config-epochs').fill('4');
    await page.getByTestId('config-epochs').press('Tab');
    await page.getByTestId('start-training').click();
    await expect
      .poll(() => page.getByTestId('run-state').textContent(), { timeout: 120_000 })
      .toBe('Completed');
    for (const chart of ['loss-chart', 'accuracy-chart', 'step-loss-chart'])
      await expect.poll(() => curvePixels(page, chart), { message: chart }).toBeGreaterThan(50);
  }, 180_000);
});
