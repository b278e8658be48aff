import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Screenshots of the views, to look at (FOVEA_SHOTS=dir keeps them somewhere chosen). */
const shots = process.env['FOVEA_SHOTS'] ?? join(tmpdir(), 'fovea-e2e-shots');
mkdirSync(shots, { recursive: true });

/** Notes in the page whether the embedding progress was ever on screen, however briefly. */
function watchForEmbedding(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen = globalThis as unknown as { sawEmbedding?: boolean };
    seen.sawEmbedding = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="embedding-progress"]')) seen.sawEmbedding = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
}

describe.skipIf(!hasChromium)('starting from the pretrained network', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe(await sampleLibrary(20));
    page = await openApp(browser, serve);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.getByTestId('nav-train').click();
    await page.getByTestId('plan-split').click();
    await page.getByTestId('plan-split').waitFor({ state: 'detached' });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('is the first choice and the default, and says what the backbone is', async () => {
    expect(await page.getByTestId('start-mobilenet-v2').isChecked()).toBe(true);
    expect(await page.getByTestId('model-summary').count()).toBe(0);
    expect(await page.getByTestId('scratch-only-note').textContent()).toContain('layer editor');
    await page.getByTestId('backbone-about').locator('summary').click();
    expect(await page.getByTestId('backbone-description').textContent()).toContain('nsfwjs');
    expect(await page.getByTestId('backbone-licences').textContent()).toMatch(/MIT.*Apache-2\.0/s);
    // Default recipe: frozen backbone to block_16, a linear head on 1,760 features, 2 classes.
    expect(await page.getByTestId('summary-feature-width').textContent()).toContain('1,760');
    expect(await page.getByTestId('summary-trained').textContent()).toContain('none');
    expect(await page.getByTestId('summary-total').textContent()).toMatch(/Trained 3,522 of/);
    await page.getByTestId('pretrained-fineTune').fill('2');
    await expect
      .poll(() => page.getByTestId('summary-trained').textContent())
      .toContain('block_15, block_16');
    await page.getByTestId('pretrained-fineTune').fill('0');
    await page.screenshot({ path: join(shots, 'pretrained-form-en.png'), fullPage: true });

    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => page.getByTestId('start-hint').textContent()).toContain('输出头');
    expect(await page.getByTestId('backbone-description').textContent()).toContain('nsfwjs');
    const start = (await page.getByTestId('start-from').textContent()) ?? '';
    expect(start).toContain('预训练的 MobileNetV2（内置）');
    // No English is left but names (nsfwjs, Keras, the licences and their holders).
    expect(start).not.toMatch(/bundled|recommended|scratch|What this|Licences/);
    expect(await page.getByTestId('pretrained-summary').textContent()).not.toMatch(
      /Backbone|Features|Head|Trained|bundled/,
    );
    await page.screenshot({ path: join(shots, 'pretrained-form-zh.png'), fullPage: true });
    await page.getByTestId('language').selectOption('en');
  });

  it('trains a head on the embedded images and lists the run with its test accuracy', async () => {
    await page.getByTestId('head-epochs').fill('10');
    await watchForEmbedding(page);
    await page.getByTestId('start-training').click();
    const run = page.getByTestId('run-item').first();
    await expect
      .poll(() => run.getByTestId('run-status').textContent(), { timeout: 180_000 })
      .toBe('Completed');
    // The status follows the events; the figures come with the list once the run is recorded.
    await expect.poll(() => run.getByTestId('run-test').textContent()).toMatch(/^test \d+\.\d%$/);
    expect(await page.evaluate(() => (globalThis as { sawEmbedding?: boolean }).sawEmbedding)).toBe(
      true,
    );
    // The finished run, picked from the list, shows its own network: the same summary, read-only.
    await run.click();
    await page.getByTestId('run-settings').getByTestId('pretrained-summary').waitFor();
    expect(await page.getByTestId('run-recipe').textContent()).toContain('10');
    await page.screenshot({ path: join(shots, 'pretrained-run-en.png'), fullPage: true });
    expect(await page.getByTestId('summary-total').textContent()).toMatch(/Trained 3,522 of/);
    // Its settings made the draft again: still the pretrained start.
    await page.getByTestId('use-settings').click();
    expect(await page.getByTestId('start-mobilenet-v2').isChecked()).toBe(true);
    expect(await page.getByTestId('head-epochs').inputValue()).toBe('10');
  }, 240_000);
});
