import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import { hasChromium, launchBrowser, openApp, removeLibrary, startServe } from './harness.js';

/** The lowest and highest gray level of a map's canvas, read in the page. */
function grayRange(page: Page, testId: string): Promise<[number, number]> {
  return page.getByTestId(testId).evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let low = 255;
    let high = 0;
    for (let i = 0; i < data.length; i += 4) {
      low = Math.min(low, data[i] ?? 0);
      high = Math.max(high, data[i] ?? 0);
    }
    return [low, high] as [number, number];
  });
}

describe.skipIf(!hasChromium)('Learn: why a pretrained network helps', () => {
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

  it('runs the lab image through MobileNetV2 and draws non-blank maps of four layers', async () => {
    await page.getByTestId('pretrained-show').click();
    await page.getByTestId('pretrained-layer-3').waitFor({ timeout: 60_000 });
    for (let layer = 0; layer < 4; layer++)
      for (let map = 0; map < 6; map++) {
        const [low, high] = await grayRange(page, `pretrained-map-${layer}-${map}`);
        expect(high - low, `layer ${layer} map ${map}`).toBeGreaterThan(100);
      }
    const section = page.locator('#learn-pretrained');
    expect(await section.textContent()).toContain('Block 13: parts of things');
    // Tall enough for the whole section in one picture.
    await page.setViewportSize({ width: 1280, height: 2000 });
    await section.screenshot({ path: '/tmp/fovea-learn-pretrained-en.png' });
  });

  it('reads in 中文', async () => {
    await page.getByTestId('language').selectOption('zh');
    const section = page.locator('#learn-pretrained');
    await expect.poll(() => section.textContent()).toContain('预训练网络为什么有用');
    expect(await section.textContent()).toContain('第 13 块：物体的部件');
    await section.screenshot({ path: '/tmp/fovea-learn-pretrained-zh.png' });
    await page.getByTestId('language').selectOption('en');
  });
});
