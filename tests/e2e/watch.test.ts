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

/** The pixels of a canvas, read in the page. */
function canvasPixels(page: Page, testId: string): Promise<number[]> {
  return page.getByTestId(testId).evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    return context ? Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data) : [];
  });
}

async function openTrainArea(page: Page): Promise<void> {
  await page.getByTestId('dataset-item').first().click();
  await page.getByTestId('nav-train').click();
  await trainFromScratch(page);
}

/**
 * Scrubs to a snapshot and reads its filters once its frame (not only its label) is on screen.
 * The label changes at once; the frame is fetched from the services, which on a loaded CI machine
 * took longer than expect.poll's default second, so both polls wait up to 15 s.
 */
async function scrubTo(page: Page, index: number, label: RegExp): Promise<number[]> {
  const patience = { timeout: 15_000 };
  await page.getByTestId('timeline').fill(String(index));
  await expect
    .poll(() => page.getByTestId('timeline-label').textContent(), patience)
    .toMatch(label);
  const step = /Step (\d+)/.exec((await page.getByTestId('timeline-label').textContent()) ?? '');
  await expect
    .poll(() => page.getByTestId('frame-step').getAttribute('data-step'), patience)
    .toBe(step?.[1]);
  return canvasPixels(page, 'filters-0');
}

describe.skipIf(!hasChromium)('watch it learn', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;
  let libraryDir: string;

  beforeAll(async () => {
    libraryDir = await sampleLibrary(60);
    browser = await launchBrowser();
    serve = await startServe(libraryDir);
    page = await openApp(browser, serve);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await removeLibrary(libraryDir);
  });

  it('shows filters changing while the network trains, and replays the snapshots afterwards', async () => {
    await openTrainArea(page);
    // Three short epochs: enough progress events (one per ~125 ms) for a loss curve of 2+ points.
    await page.getByTestId('config-epochs').fill('3');
    await page.getByTestId('config-epochs').dispatchEvent('change');
    await page.getByTestId('config-batchSize').fill('4');
    await page.getByTestId('config-batchSize').dispatchEvent('change');
    await page.getByTestId('start-training').click();

    await page.getByTestId('filters-0').waitFor({ timeout: 60_000 });
    const first = await canvasPixels(page, 'filters-0');
    expect(first.length).toBeGreaterThan(0);
    await expect
      .poll(() => canvasPixels(page, 'filters-0'), { timeout: 60_000 })
      .not.toEqual(first);
    await expect
      .poll(() => page.getByTestId('run-state').textContent(), { timeout: 120_000 })
      .toBe('Completed');

    // The probe's feature maps: a click on a map pixel outlines its receptive field.
    await page.getByTestId('feature-maps').click({ position: { x: 3, y: 3 } });
    await expect(page.getByTestId('probe-image-outline').count()).resolves.toBe(1);

    const count = Number(await page.getByTestId('timeline').getAttribute('max')) + 1;
    expect(count).toBeGreaterThan(2);
    const start = await scrubTo(page, 0, /Step 0 /);
    const chart = page.getByTestId('timeline-chart');
    const chartPixels = () =>
      chart.locator('canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
    expect(await chart.getAttribute('data-marker')).toBe('0');
    const markedAtStart = await chartPixels();
    const end = await scrubTo(page, count - 1, /Step [1-9]/);
    expect(end).not.toEqual(start);
    // The loss chart marks the step of the snapshot shown.
    const endStep = /Step (\d+)/.exec(
      (await page.getByTestId('timeline-label').textContent()) ?? '',
    );
    expect(await chart.getAttribute('data-marker')).toBe(endStep?.[1]);
    await expect.poll(chartPixels).not.toBe(markedAtStart);

    // After a restart of `fovea serve`, the same snapshots replay from the library.
    await page.close();
    await serve.stop();
    serve = await startServe(libraryDir);
    page = await openApp(browser, serve);
    await openTrainArea(page);
    await page.getByTestId('timeline').waitFor({ timeout: 30_000 });
    expect(Number(await page.getByTestId('timeline').getAttribute('max')) + 1).toBe(count);
    expect(await scrubTo(page, 0, /Step 0 /)).toEqual(start);
    expect(await scrubTo(page, count - 1, /Step [1-9]/)).toEqual(end);

    // The finished run's model looks at a probe picked now.
    const storedMaps = await canvasPixels(page, 'feature-maps');
    const select = page.getByTestId('probe-select');
    const labels = await select.locator('option:not([disabled])').allTextContents();
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) expect(label).toMatch(/\.(png|jpe?g)$/);
    const current = await select.inputValue();
    const other = await select
      .locator('option:not([disabled])')
      .evaluateAll(
        (options, value) => (options as HTMLOptionElement[]).find((o) => o.value !== value)?.value,
        current,
      );
    await select.selectOption(other!);
    await page.getByTestId('model-probe').waitFor({ timeout: 30_000 });
    await expect.poll(() => canvasPixels(page, 'feature-maps')).not.toEqual(storedMaps);
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
