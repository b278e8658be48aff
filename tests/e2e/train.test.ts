import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame } from '../../app/ipc/common/wire.js';
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

describe.skipIf(!hasChromium)('training in web mode', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe(await sampleLibrary(60));
    page = await openApp(browser, serve);
    await page.getByTestId('nav-train').click();
    await trainFromScratch(page);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('shows the model summary of the chosen preset', async () => {
    await page.getByTestId('preset').selectOption('ref-cnn');
    await expect.poll(() => page.getByTestId('total-parameters').textContent()).toBe('285,922');
  });

  it('uses the width for the layer table, and names layers in 中文', async () => {
    const table = await page.getByTestId('model-summary').boundingBox();
    expect(table?.width).toBeGreaterThan(0.45 * (page.viewportSize()?.width ?? 0));
    const label = page.getByTestId('layer-1-label');
    expect(await label.textContent()).toBe('conv2d 3×3, 16 filters, same, relu');
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => label.textContent()).toBe('卷积 3×3，16 个滤波器，same，relu');
    expect(await page.getByTestId('preset').locator('option:checked').textContent()).not.toMatch(
      /default/,
    );
    await page.getByTestId('language').selectOption('en');
  });

  it('trains, answers other calls while training, and stops on request', async () => {
    // More epochs than any machine runs before the stop below, so the run cannot complete first.
    await page.getByTestId('config-epochs').fill('10000');
    await page.getByTestId('config-epochs').press('Tab');
    await page.getByTestId('start-training').click();
    // The speed appears with the first progress event: training is under way. The state's label is
    // not awaited, since it may pass from Preparing to Training between two looks.
    await expect
      .poll(() => page.getByTestId('speed').textContent(), { timeout: 60_000 })
      .toMatch(/images\/s\s+on (wasm|cpu|tensorflow)/);

    // While the engine trains, the services keep answering: every call returns while the run is still going.
    const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/ws?token=${serve.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const replies: { id: number }[] = [];
    ws.on('message', (data: Buffer) => {
      const message = decodeFrame(new Uint8Array(data)) as { id?: number };
      if (typeof message.id === 'number') replies.push({ id: message.id });
    });
    for (let id = 1; id <= 10; id++) ws.send(encodeFrame({ id, method: 'app.info', args: [] }));
    await expect.poll(() => replies.length).toBe(10);
    expect(await page.getByTestId('run-state').textContent()).not.toMatch(
      /Stopped|Completed|Failed/,
    );
    ws.close();

    await page.getByTestId('stop').click();
    await expect
      .poll(() => page.getByTestId('run-state').textContent(), { timeout: 60_000 })
      .toBe('Stopped');
    await expect
      .poll(() => page.getByTestId('run-item').first().textContent())
      .toContain('Stopped');
    await expect.poll(() => page.getByTestId('start-training').isEnabled()).toBe(true);
  }, 240_000);
});
