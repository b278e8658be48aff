/**
 * The camera in Chromium with a fake device playing a video the test makes from the sample
 * drawings: a burst lands in a class through the import pipeline (thumbnails, tensors), a camera
 * unplugged mid-burst imports nothing until the person keeps the photos, and a refused camera
 * says so, in English and Chinese.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeCameraVideo } from '../support/fake-camera.js';
import { fakeCameraArgs } from './fake-camera-args.js';
import { queryLibrary } from '../support/library-db.js';
import type { ServeHandle } from './harness.js';
import {
  hasChromium,
  launchBrowser,
  openApp,
  removeLibrary,
  sampleLibrary,
  startServe,
} from './harness.js';

const screenshots = process.env['FOVEA_SCREENSHOTS'];

async function shoot(page: Page, name: string): Promise<void> {
  if (screenshots) await page.screenshot({ path: join(screenshots, name), fullPage: true });
}

async function classCount(page: Page, name: string): Promise<number> {
  const item = page.getByTestId('class-item').filter({
    has: page.getByTestId('class-name').getByText(name, { exact: true }),
  });
  return Number(((await item.locator('.count').textContent()) ?? '').replace(/\D/g, ''));
}

async function openCamera(page: Page): Promise<void> {
  await page.getByTestId('dataset-detail').waitFor();
  await page.getByTestId('camera-toggle').click();
  await page.getByTestId('camera-start').click();
  await page.waitForFunction(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="camera-video"]');
    return video !== null && video.videoWidth > 0 && video.readyState >= 2;
  });
}

describe.skipIf(!hasChromium)('camera capture in Chromium', () => {
  let work: string;
  let library: string;
  let browser: Browser;
  let serve: ServeHandle;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fovea-e2e-camera-'));
    const video = join(work, 'camera.y4m');
    await writeFakeCameraVideo(video);
    library = await sampleLibrary(6);
    serve = await startServe(library);
    browser = await launchBrowser(fakeCameraArgs(video));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (library) await removeLibrary(library);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('takes a burst of 10 into the chosen class: counted, thumbnails shown, tensors made', async () => {
    const page = await openApp(browser, serve);
    await openCamera(page);
    const before = await classCount(page, 'dog');
    await page.getByTestId('capture-class').selectOption({ label: 'dog' });
    await page.getByTestId('burst-count').fill('10');
    await page.getByTestId('burst-interval').fill('0.2');
    await shoot(page, 'camera-capture-en.png');
    await page.getByTestId('capture-burst').click();
    await expect.poll(() => classCount(page, 'dog'), { timeout: 60_000 }).toBe(before + 10);
    const rows = queryLibrary<{ id: number; thumbnails: number; tensors: number }>(
      library,
      `SELECT i.id, (SELECT count(*) FROM thumbnails t WHERE t.image_id = i.id) AS thumbnails,
         (SELECT count(*) FROM tensors s WHERE s.image_id = i.id) AS tensors
       FROM images i JOIN classes c ON c.id = i.class_id
       WHERE c.name = 'dog' AND i.original_name LIKE 'camera-%.jpg' ORDER BY i.id`,
    );
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => row.thumbnails === 1 && row.tensors >= 1)).toBe(true);
    // The new photos' tiles show their thumbnails.
    await page.getByTestId('filter-class').selectOption({ label: 'dog' });
    const last = rows.at(-1)!.id;
    const tile = page.locator(`[data-testid="tile"][data-image-id="${last}"] img`);
    await tile.scrollIntoViewIfNeeded();
    await expect
      .poll(() => tile.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    await page.getByTestId('language').selectOption('zh');
    await shoot(page, 'camera-capture-zh.png');
    await page.getByTestId('language').selectOption('en');
    await page.close();
  }, 120_000);

  it('imports nothing when the camera is unplugged mid-burst, until the photos are kept', async () => {
    const page = await openApp(browser, serve);
    await openCamera(page);
    const before = await classCount(page, 'cat');
    await page.getByTestId('capture-class').selectOption({ label: 'cat' });
    await page.getByTestId('burst-count').fill('50');
    await page.getByTestId('burst-interval').fill('0.3');
    await page.getByTestId('capture-burst').click();
    await page
      .getByTestId('capture-progress')
      .getByText(/photo [3-6] of/)
      .waitFor();
    // What Chromium does when the device goes away: the track ends.
    await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="camera-video"]');
      const stream = video?.srcObject as MediaStream;
      stream.getVideoTracks()[0]?.dispatchEvent(new Event('ended'));
    });
    const prompt = page.getByTestId('capture-interrupted');
    await prompt.waitFor();
    expect(await page.getByTestId('camera-problem').textContent()).toContain(
      'stopped sending pictures',
    );
    const taken = Number(/after (\d+) of 50/.exec((await prompt.textContent()) ?? '')?.[1]);
    expect(taken).toBeGreaterThan(1);
    expect(await classCount(page, 'cat')).toBe(before);
    await shoot(page, 'camera-unplugged-en.png');
    await page.getByTestId('language').selectOption('zh');
    await shoot(page, 'camera-unplugged-zh.png');
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('capture-keep').click();
    // One import of every kept photo; a frame the first test already took is a duplicate (the fake
    // camera's video starts over with each stream).
    // The page opened on the first test's summary (10 photos); this one adds up to `taken`.
    const counts = async () =>
      ((await page.getByTestId('import-counts').textContent()) ?? '').match(/\d+/g)!.map(Number);
    await expect
      .poll(async () => (await counts()).slice(0, 2).reduce((a, b) => a + b), { timeout: 60_000 })
      .toBe(taken);
    const [imported] = await counts();
    expect(imported).toBeGreaterThan(0);
    await expect.poll(() => classCount(page, 'cat')).toBe(before + imported!);
    await page.close();
  }, 120_000);

  it('previews the crop the next run will use (the Train area’s fit)', async () => {
    const page = await openApp(browser, serve, (p) =>
      p.addInitScript(() => {
        const recipe = { presetId: 'default', spec: { layers: [] }, config: { fit: 'crop' } };
        localStorage.setItem('fovea.recipe.1', JSON.stringify(recipe));
      }),
    );
    await openCamera(page);
    // The fake camera is 160×120: the centred 120×120 square is what a cropped run sees.
    const crop = page.getByTestId('camera-crop');
    const box = await crop.evaluate((element: HTMLElement) => [
      element.style.left,
      element.style.width,
      element.style.height,
    ]);
    expect(box).toEqual(['12.5%', '75%', '100%']);
    expect(await page.getByTestId('camera-capture').textContent()).toContain('centre crop');
    await shoot(page, 'camera-crop-en.png');
    await page.close();
  });

  it('says so when the camera is refused', async () => {
    const page = await openApp(browser, serve, (p) =>
      p.addInitScript(() => {
        navigator.mediaDevices.getUserMedia = () =>
          Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      }),
    );
    await page.getByTestId('dataset-detail').waitFor();
    await page.getByTestId('camera-toggle').click();
    await page.getByTestId('camera-start').click();
    const problem = page.getByTestId('camera-problem');
    await expect.poll(() => problem.textContent()).toContain('permission was denied');
    await shoot(page, 'camera-denied-en.png');
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => problem.textContent()).toContain('权限被拒绝');
    await shoot(page, 'camera-denied-zh.png');
    await page.getByTestId('language').selectOption('en');
    await page.close();
  });
});
