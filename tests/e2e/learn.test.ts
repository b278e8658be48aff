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
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe();
    page = await openApp(browser, serve);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.getByTestId('nav-learn').click();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('starts the ReLU example on a map where ReLU sets values to zero', async () => {
    // On first open the lab's kernel is the identity, which leaves nothing negative.
    expect(await page.getByTestId('relu-substitute').isVisible()).toBe(true);
    const negative = await page.getByTestId('relu-counts').getAttribute('data-negative');
    expect(Number(negative)).toBeGreaterThan(0);
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
    // The presets' parameter table names the default preset in the chosen language too.
    await expect
      .poll(() => page.locator('table.presets').textContent())
      .toContain('Fovea 默认 (64×64×3)');
    await page.getByTestId('language').selectOption('en');
  });

  it("reads 5 after the article's kernel and patch are typed into the step player", async () => {
    const stepper = page.locator('#learn-algorithm');
    // Start from other numbers, so the 5 can only come from what is typed.
    await stepper.getByRole('combobox', { name: 'Matrix' }).selectOption('numbers');
    await stepper.getByRole('combobox', { name: 'Kernel' }).selectOption('identity');
    await expect.poll(() => page.getByTestId('step-result').textContent()).toBe('5');
    await stepper.getByRole('combobox', { name: 'Matrix' }).selectOption('step-edge');
    await expect.poll(() => page.getByTestId('step-result').textContent()).toBe('0');

    const kernel = [2, 2, 0, 0, 2, 0, 0, 0, 1];
    const patch = [0, 1, 0, 0, 1, 0, 0, 0, 1];
    for (const [index, weight] of kernel.entries()) {
      const [row, column] = [Math.floor(index / 3) + 1, (index % 3) + 1];
      await page
        .getByLabel(`Weight w${index + 1}, row ${row}, column ${column}`, { exact: true })
        .fill(String(weight));
      await page
        .getByLabel(`Input, row ${row}, column ${column}`, { exact: true })
        .fill(String(patch[index]));
    }
    await expect.poll(() => page.getByTestId('step-result').textContent()).toBe('5');
    expect(await stepper.locator('.terms').first().textContent()).toContain(
      '0 + 2 + 0 + 0 + 2 + 0 + 0 + 0 + 1 = 5',
    );
    // The bias is added once: Σ wᵢxᵢ + b.
    await page.getByTestId('step-bias').fill('1');
    await expect.poll(() => page.getByTestId('step-result').textContent()).toBe('6');
    await page.getByTestId('step-bias').fill('0');
  });

  it('writes the floor into the size arithmetic and its errors in the chosen language', async () => {
    const sizes = page.locator('#learn-padding');
    await sizes.getByLabel('Input n').fill('8');
    await sizes.getByLabel('Stride s').fill('2');
    await expect
      .poll(() => page.getByTestId('size-formula').textContent())
      .toContain('⌊5 / 2⌋ + 1 = 2 + 1 = 3');
    await page.getByTestId('language').selectOption('zh');
    await sizes.getByLabel('卷积核 f').fill('12');
    await expect
      .poll(() => page.getByTestId('size-error').textContent())
      .toBe('12×12 的卷积核放不进 8×8 的填充后输入。');
    await sizes.getByLabel('卷积核 f').fill('3');
    await page.getByTestId('language').selectOption('en');
  });

  it('shuffles the pixels: the dense layer does not change, the convolution does', async () => {
    const text = await page.getByTestId('shuffle-changes').textContent();
    const match = /dense layer (\d+)%, convolution (\d+)%/.exec(text ?? '');
    expect(match?.[1]).toBe('0');
    expect(Number(match?.[2])).toBeGreaterThan(50);
  });

  it('shows ReLU, sigmoid and tanh on the same map, and names translation invariance', async () => {
    for (const id of ['relu', 'sigmoid', 'tanh'])
      await expect.poll(() => page.getByTestId(`activation-${id}`).isVisible()).toBe(true);
    expect(await page.locator('#learn-activations').textContent()).toContain(
      'σ(x) = 1 / (1 + e⁻ˣ)',
    );
    expect(await page.locator('#learn-pooling').textContent()).toContain('translation invariance');
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => page.locator('#learn-pooling').textContent()).toContain('平移不变性');
    expect(await page.locator('#learn-learned-title').textContent()).toContain('滤波器从哪里来');
    await page.getByTestId('language').selectOption('en');
  });

  it('sends the person to Grad-CAM in Evaluate and to Watch in Train', async () => {
    expect(await page.locator('#learn-heatmaps').textContent()).toContain('Grad-CAM');
    await page.getByTestId('learn-open-evaluate').click();
    await expect
      .poll(() => page.getByTestId('nav-evaluate').getAttribute('aria-current'))
      .toBe('page');
    await page.getByTestId('nav-learn').click();
    await page.getByTestId('learn-open-watch').click();
    await expect
      .poll(() => page.getByTestId('nav-train').getAttribute('aria-current'))
      .toBe('page');
    await page.getByTestId('nav-learn').click();
    expect(pageErrors).toEqual([]);
  });
});
