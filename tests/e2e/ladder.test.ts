import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import {
  hasChromium,
  launchBrowser,
  openApp,
  removeLibrary,
  repoRoot,
  sampleLibrary,
  startServe,
} from './harness.js';

const run = promisify(execFile);
const pets = resolve(repoRoot, '../shared/data/pets');
const hasPets = existsSync(join(pets, 'test'));
if (!hasPets) console.warn(`e2e ladder on pets: skipped, ${pets} is absent`);
const shots = process.env['FOVEA_SHOTS'] ?? join(tmpdir(), 'fovea-e2e-shots');
mkdirSync(shots, { recursive: true });
/** The colours LadderView gives the first four runs it compares. */
const seriesColors = ['#3b82f6', '#e67e22', '#16a34a', '#9333ea'];

/** How many of `colors` draw a line (a few dozen pixels at least) on the chart's canvas. */
function colorsDrawn(page: Page, testId: string, colors: readonly string[]): Promise<number> {
  return page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement, hexes: string[]) => {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) return 0;
      const targets = hexes.map((hex) =>
        [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)),
      );
      const counts = targets.map(() => 0);
      for (let i = 0; i < data.length; i += 4) {
        targets.forEach(([r = 0, g = 0, b = 0], index) => {
          const near =
            Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 24;
          if (near && data[i + 3]! > 200) counts[index]! += 1;
        });
      }
      return counts.filter((count) => count >= 30).length;
    }, colors as string[]);
}

/** Runs the ladder from the Compare view and waits until no rung is waiting or running. */
async function climb(page: Page, scratchEpochs: number, timeout: number): Promise<void> {
  await page.getByTestId('view-compare').click();
  await page.getByTestId('ladder-epochs').fill(String(scratchEpochs));
  await page.getByTestId('ladder-run').click();
  await expect.poll(() => page.getByTestId('ladder-rung').count()).toBe(4);
  await expect
    .poll(
      async () => {
        const states = await page
          .getByTestId('ladder-rung')
          .evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));
        return states.every((state) => state !== 'waiting' && state !== 'running');
      },
      { timeout, interval: 1000 },
    )
    .toBe(true);
  await page.getByTestId('ladder-run').waitFor();
}

/** The rung of each table row, best test accuracy first. */
function rowRungs(page: Page): Promise<(string | null)[]> {
  return page
    .getByTestId('ladder-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rung')));
}

describe.skipIf(!hasChromium)('the ladder on the sample', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe(await sampleLibrary(20));
    page = await openApp(browser, serve);
    await page.setViewportSize({ width: 1400, height: 1100 });
    await page.getByTestId('nav-train').click();
    await page.getByTestId('plan-split').click();
    await page.getByTestId('plan-split').waitFor({ state: 'detached' });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('climbs four rungs and compares them: overlaid curves and a table', async () => {
    await climb(page, 2, 600_000);
    const statuses = await page
      .getByTestId('ladder-rung')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));
    // A rung that failed says why, in place; none is hidden.
    const messages = await page.getByTestId('ladder-rung-message').allTextContents();
    expect(statuses.filter((status) => status === 'failed')).toHaveLength(messages.length);
    expect(await page.getByTestId('ladder-row').count()).toBe(4);
    expect([...(await rowRungs(page))].sort()).toEqual([
      'pretrainedFineTuned',
      'pretrainedHead',
      'scratch',
      'scratchAugmented',
    ]);
    const tests = await page.getByTestId('ladder-test').allTextContents();
    expect(tests.filter((text) => /^\d+\.\d%$/.test(text)).length).toBeGreaterThanOrEqual(3);
    // Curves that coincide hide one another (the same figures on 4 validation images), so
    // some colours, not all, must show; the training curves differ more.
    expect(await colorsDrawn(page, 'ladder-val-chart', seriesColors)).toBeGreaterThanOrEqual(2);
    expect(await colorsDrawn(page, 'ladder-train-chart', seriesColors)).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(shots, 'ladder-sample-en.png'), fullPage: true });

    await page.getByTestId('language').selectOption('zh');
    await expect
      .poll(() => page.getByTestId('ladder-table').locator('th').first().textContent())
      .toBe('训练');
    expect(await page.getByTestId('ladder-val-chart').textContent()).toContain('验证准确率');
    await page.screenshot({ path: join(shots, 'ladder-sample-zh.png'), fullPage: true });
    await page.getByTestId('language').selectOption('en');
  }, 660_000);

  it('compares the runs chosen in the list', async () => {
    const first = page.getByTestId('compare-run').first();
    await first.uncheck();
    await expect.poll(() => page.getByTestId('ladder-row').count()).toBe(3);
    await first.check();
    await expect.poll(() => page.getByTestId('ladder-row').count()).toBe(4);
  });
});

describe.skipIf(!hasChromium || !hasPets)('the ladder on the pets photos', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    const library = await mkdtemp(join(tmpdir(), 'fovea-e2e-pets-ladder-'));
    const cli = join(repoRoot, 'bin/fovea.js');
    const env = { env: { ...process.env, FOVEA_NO_SAMPLE: '1' } };
    const folders = [join(pets, 'train'), join(pets, 'test')];
    await run(
      process.execPath,
      [cli, 'import', '--library', library, '--dataset', 'pets', ...folders],
      env,
    );
    browser = await launchBrowser();
    serve = await startServe(library);
    page = await openApp(browser, serve);
    await page.setViewportSize({ width: 1400, height: 1100 });
    await page.getByTestId('nav-train').click();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('puts the pretrained rungs above the ones from scratch', async () => {
    // The folders' own split: 600 training photos, 200 test.
    await expect.poll(() => page.getByTestId('plan-numbers').textContent()).toContain('200 test');
    await climb(page, 5, 1_500_000);
    expect(await page.getByTestId('ladder-row').count()).toBe(4);
    const rungs = await rowRungs(page);
    expect(rungs.slice(0, 2).sort()).toEqual(['pretrainedFineTuned', 'pretrainedHead']);
    expect(rungs.slice(2).sort()).toEqual(['scratch', 'scratchAugmented']);
    const tests = await page.getByTestId('ladder-test').allTextContents();
    console.info(`pets ladder: ${rungs.map((rung, i) => `${rung} ${tests[i]}`).join(', ')}`);
    expect(await colorsDrawn(page, 'ladder-train-chart', seriesColors)).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(shots, 'ladder-pets-en.png'), fullPage: true });
  }, 1_560_000);
});
