import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import { hasChromium, launchBrowser, openApp, removeLibrary, startServe } from './harness.js';

/** Mean brightness of each column of a canvas, read in the page. */
function columnBrightness(page: Page, testId: string): Promise<number[]> {
  return page.getByTestId(testId).evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (!context) return [];
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    const columns = new Array<number>(width).fill(0);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = 4 * (y * width + x);
        columns[x] =
          (columns[x] ?? 0) +
          ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / (3 * height);
      }
    }
    return columns;
  });
}

describe.skipIf(!hasChromium)('Learn area', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe();
    page = await openApp(browser, serve);
    await page.getByTestId('nav-learn').click();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('vertical Sobel on an image with a vertical edge lights the edge column', async () => {
    await page.getByTestId('builtin-image').selectOption('builtin:vertical-edge');
    await page.getByTestId('kernel-preset').selectOption('sobel-vertical');
    await expect
      .poll(async () => Math.max(...(await columnBrightness(page, 'feature-map'))))
      .toBeGreaterThan(50);
    const columns = await columnBrightness(page, 'feature-map');
    const middle = columns.length / 2;
    const brightest = columns.indexOf(Math.max(...columns));
    expect(Math.abs(brightest - middle)).toBeLessThanOrEqual(2);
    const far = [...columns.slice(0, middle - 6), ...columns.slice(middle + 6)];
    expect(Math.max(...columns)).toBeGreaterThan(4 * Math.max(1, ...far));

    // Horizontal Sobel does not see a vertical edge.
    await page.getByTestId('kernel-preset').selectOption('sobel-horizontal');
    await expect
      .poll(async () => Math.max(...(await columnBrightness(page, 'feature-map'))))
      .toBeLessThan(Math.max(...columns) / 4);
  });

  it('switching the language to 中文 changes the Learn area text', async () => {
    const english = await page.locator('#learn-dense-title').textContent();
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => page.locator('#learn-dense-title').textContent()).not.toBe(english);
    expect(await page.locator('#learn-dense-title').textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByTestId('nav-learn').textContent()).toBe('学习');
    await page.getByTestId('language').selectOption('en');
  });
});
