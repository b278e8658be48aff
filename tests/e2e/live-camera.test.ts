/**
 * "Try it live" in Chromium: a fake camera plays cat and dog drawings in turn, a run trained for
 * one epoch on the sample library classifies them frame after frame in the engine process; the
 * shown prediction and the frame count change, and Grad-CAM shows on demand.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeCameraVideo } from '../support/fake-camera.js';
import { queryLibrary } from '../support/library-db.js';
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
import { fakeCameraArgs } from './fake-camera-args.js';

const run = promisify(execFile);
const fovea = (...args: string[]) =>
  run(process.execPath, [join(repoRoot, 'bin/fovea.js'), ...args], {
    env: { ...process.env, FOVEA_NO_SAMPLE: '1' },
    maxBuffer: 1 << 24,
  });
const screenshots = process.env['FOVEA_SCREENSHOTS'];

async function shoot(page: Page, name: string): Promise<void> {
  if (screenshots) await page.screenshot({ path: join(screenshots, name) });
}

describe.skipIf(!hasChromium)('live predictions from the camera in Chromium', () => {
  let work: string;
  let library: string;
  let browser: Browser;
  let serve: ServeHandle;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fovea-e2e-live-'));
    const video = join(work, 'camera.y4m');
    await writeFakeCameraVideo(video);
    library = await sampleLibrary(20);
    // A test split, so Evaluate has a report beside the live view.
    await fovea('sample', join(work, 'extra', 'test'), '--per-class', '4', '--seed', '2');
    await fovea('import', '--library', library, '--dataset', 'sample', join(work, 'extra'));
    await fovea(
      'train',
      '--library',
      library,
      '--dataset',
      'sample',
      '--preset',
      'tinyvgg',
      '--epochs',
      '1',
    );
    serve = await startServe(library);
    browser = await launchBrowser(fakeCameraArgs(video));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (library) await removeLibrary(library);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('classifies frame after frame: the prediction and the frame count change', async () => {
    const page = await openApp(browser, serve);
    await page.getByTestId('nav-evaluate').click();
    const live = page.getByTestId('live');
    await live.waitFor();
    await live.getByTestId('camera-start').click();
    const result = live.getByTestId('live-result');
    await result.waitFor({ timeout: 60_000 });
    const frames = async () =>
      Number(
        /(\d+) frames classified/.exec(
          (await live.getByTestId('live-fps').textContent()) ?? '',
        )?.[1],
      );
    // Cats and dogs in turn: the probabilities shown differ from one frame to another.
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await result.textContent()) ?? '');
          return seen.size;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBeGreaterThan(2);
    const before = await frames();
    await expect.poll(frames, { timeout: 60_000 }).toBeGreaterThan(before);
    await expect.poll(() => live.getByTestId('live-fps').textContent()).toMatch(/[\d.]+ frames\/s/);
    expect(await result.getByTestId('live-probability').count()).toBe(2);

    await live.getByTestId('live-heatmap').check();
    await live.getByTestId('live-heatmap-overlay').waitFor({ timeout: 60_000 });
    await shoot(page, 'live-en.png');
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => live.getByTestId('live-fps').textContent()).toContain('已分类');
    await shoot(page, 'live-zh.png');
    await page.getByTestId('language').selectOption('en');

    // Paused: no frame goes out any more.
    await live.getByTestId('live-pause').click();
    await live.getByTestId('live-resume').waitFor();
    const paused = await frames();
    await page.waitForTimeout(1000);
    expect(await frames()).toBeLessThanOrEqual(paused + 1);
    await page.close();
  }, 180_000);

  it('adds a frame, and a mistake, marked "none of these" to the background class', async () => {
    const background = () =>
      queryLibrary<{ n: number }>(
        library,
        "SELECT count(*) AS n FROM images i JOIN classes c ON c.id = i.class_id WHERE c.name = 'background' AND i.deleted_at IS NULL",
      )[0]!.n;
    const page = await openApp(browser, serve);
    await page.getByTestId('nav-evaluate').click();
    const live = page.getByTestId('live');
    await live.getByTestId('camera-start').click();
    await live.getByTestId('live-result').waitFor({ timeout: 60_000 });
    await live.getByTestId('live-pause').click();
    await live.getByTestId('live-mark-none').click();
    await expect.poll(() => live.getByTestId('live-added').textContent()).toContain('“background”');
    await expect.poll(background, { timeout: 30_000 }).toBe(1);
    // A one-epoch model makes mistakes; one of them is "none of these" too.
    const marks = page.getByTestId('mistakes').getByTestId('mark-none');
    await marks.first().waitFor({ timeout: 60_000 });
    await marks.first().scrollIntoViewIfNeeded();
    await shoot(page, 'mark-none-en.png');
    await page.getByTestId('language').selectOption('zh');
    await shoot(page, 'mark-none-zh.png');
    await page.getByTestId('language').selectOption('en');
    await marks.first().click();
    await expect.poll(background, { timeout: 30_000 }).toBe(2);

    // A classified file that is not in the library is imported into the class.
    await fovea('sample', join(work, 'loose'), '--per-class', '1', '--seed', '77');
    const loose = join(work, 'loose', 'cat');
    await page
      .getByTestId('classify-files-input')
      .setInputFiles((await readdir(loose)).map((name) => join(loose, name)));
    const rows = page.getByTestId('classify-row');
    await rows.first().waitFor({ timeout: 60_000 });
    await rows.first().getByTestId('classify-mark-none').click();
    await rows.first().getByTestId('classify-marked-none').waitFor();
    await rows.first().scrollIntoViewIfNeeded();
    await shoot(page, 'classify-none-en.png');
    await expect.poll(background, { timeout: 30_000 }).toBe(3);
    await page.close();
  }, 180_000);
});
