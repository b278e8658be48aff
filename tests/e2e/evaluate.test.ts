/**
 * Evaluate a trained model end to end: the CLI (evaluate, predict, export) on a library with a
 * model trained for one epoch on the sample drawings, then the Evaluate area in Chromium.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import { hasChromium, launchBrowser, openApp, repoRoot, startServe } from './harness.js';

const run = promisify(execFile);
const cli = join(repoRoot, 'bin/fovea.js');
const fovea = (...args: string[]) => run(process.execPath, [cli, ...args], { maxBuffer: 1 << 24 });

let work: string;
let library: string;
let source: string;
let testCount: number;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fovea-e2e-evaluate-'));
  library = join(work, 'library');
  source = join(work, 'source');
  await fovea('sample', join(source, 'train'), '--per-class', '20', '--seed', '1');
  await fovea('sample', join(source, 'test'), '--per-class', '6', '--seed', '2');
  await fovea('import', '--library', library, '--dataset', 'shapes', source);
  await fovea(
    'train',
    '--library',
    library,
    '--dataset',
    'shapes',
    '--preset',
    'tinyvgg',
    '--epochs',
    '1',
  );
  const classes = await readdir(join(source, 'test'));
  testCount = classes.length * 6;
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('fovea evaluate, predict and export', () => {
  it('evaluates run 1: the confusion matrix adds up to the test split', async () => {
    const { stdout } = await fovea('evaluate', '--library', library, '--run', '1', '--json');
    const report = JSON.parse(stdout) as { count: number; confusion: number[][] };
    expect(report.count).toBe(testCount);
    expect(report.confusion.flat().reduce((a, b) => a + b, 0)).toBe(testCount);
  });

  it('predicts image files with a run and with an exported TF.js folder', async () => {
    const out = join(work, 'tfjs');
    const exported = await fovea(
      'export',
      '--library',
      library,
      '--run',
      '1',
      '--format',
      'tfjs',
      '--out',
      out,
    );
    expect(exported.stdout).toMatch(/passed/);
    const folder = join(source, 'test', (await readdir(join(source, 'test')))[0]!);
    const image = join(folder, (await readdir(folder))[0]!);
    const byRun = JSON.parse(
      (await fovea('predict', '--library', library, '1', image, '--json')).stdout,
    ) as { class: string };
    const byFolder = JSON.parse(
      (await fovea('predict', '--library', library, out, image, '--json')).stdout,
    ) as { class: string };
    expect(byFolder.class).toBe(byRun.class);
  });

  it('exports ONNX and checks it with onnxruntime-web', async () => {
    const { stdout } = await fovea(
      'export',
      '--library',
      library,
      '--run',
      '1',
      '--format',
      'onnx',
      '--out',
      join(work, 'onnx'),
      '--json',
    );
    const result = JSON.parse(stdout) as {
      verification: { passed: boolean; agreement: { images: number } };
    };
    expect(result.verification).toMatchObject({ passed: true, agreement: { images: testCount } });
  });
});

describe.skipIf(!hasChromium)('the Evaluate area in Chromium', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe(library);
    page = await openApp(browser, serve);
    await page.getByTestId('nav-evaluate').click();
    await page.getByTestId('eval-confusion').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows a confusion matrix whose counts add up to the test split', async () => {
    const cells = await page.locator('[data-testid^="cell-"]').allTextContents();
    expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(testCount);
  });

  it('opens a cell and shows heat maps that differ between two images', async () => {
    const cell = page.locator('[data-testid^="cell-"]:not([disabled])').first();
    await cell.click();
    const grid = page.getByTestId('cell-images');
    await expect
      .poll(() => grid.getByTestId('heatmap').count(), { timeout: 30_000 })
      .toBeGreaterThan(1);
    const pixels = await grid
      .getByTestId('heatmap')
      .evaluateAll((canvases) =>
        canvases.slice(0, 2).map((canvas) => (canvas as HTMLCanvasElement).toDataURL()),
      );
    expect(pixels[0]).not.toBe(pixels[1]);
  });

  it('tries a picked image: probabilities and a heat map', async () => {
    const folder = join(source, 'test', (await readdir(join(source, 'test')))[0]!);
    await page.getByTestId('try-file').setInputFiles(join(folder, (await readdir(folder))[0]!));
    await page.getByTestId('try-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('try-probability').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('try-result').getByTestId('heatmap').count()).toBe(1);
  });

  it('deletes an image from a cell and brings it back with Undo', async () => {
    const total = async () =>
      (await page.getByTestId('eval-confusion').locator('[data-testid^="cell-"]').allTextContents())
        .map(Number)
        .reduce((a, b) => a + b, 0);
    const cell = page.locator('[data-testid^="cell-"]:not([disabled])').first();
    await cell.click();
    await page.getByTestId('cell-images').getByTestId('delete-image').first().click();
    await expect.poll(total, { timeout: 30_000 }).toBe(testCount - 1);
    expect(await page.getByTestId('eval-undo').textContent()).toMatch(/1 deleted/);
    await page.getByTestId('eval-undo').getByRole('button').click();
    await expect.poll(total, { timeout: 30_000 }).toBe(testCount);
    expect(await page.getByTestId('eval-undo').count()).toBe(0);
  });

  it('highlights the open cell and opens one of its images larger, with its fixes', async () => {
    const cell = page.locator('[data-testid^="cell-"]:not([disabled])').first();
    await cell.click();
    await expect.poll(() => cell.getAttribute('aria-pressed')).toBe('true');
    // "Relabel as…" fits its select: the grid no longer squeezes it beside the button.
    const fits = await page
      .getByTestId('cell-images')
      .getByTestId('relabel')
      .first()
      .evaluate((element) => {
        const select = element as HTMLSelectElement;
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = getComputedStyle(select).font;
        return context.measureText(select.options[0]!.text).width + 20 <= select.clientWidth;
      });
    expect(fits).toBe(true);
    await page.getByTestId('cell-images').getByTestId('open-image').first().click();
    const detail = page.getByTestId('image-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getByTestId('heatmap').count(), { timeout: 30_000 }).toBe(1);
    expect(await detail.getByTestId('detail-relabel').count()).toBe(1);
    expect(await detail.getByTestId('detail-delete').count()).toBe(1);
    await detail.getByTestId('detail-close').click();
    await expect.poll(() => detail.count()).toBe(0);
  });

  it('opens a mistake larger with what the network gave each class', async () => {
    const mistakes = page.getByTestId('mistakes').getByTestId('open-image');
    if ((await mistakes.count()) === 0) return; // a run without mistakes has none to open
    await mistakes.first().click();
    const detail = page.getByTestId('image-detail');
    await expect.poll(() => detail.getByTestId('detail-probability').count()).toBeGreaterThan(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
  });

  it('exports TF.js as a checked download', async () => {
    await page.getByTestId('export-tfjs').click();
    await page.getByTestId('export-verification').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('export-verification').textContent()).toMatch(
      new RegExp(`${testCount} of ${testCount}`),
    );
    const href = await page.getByTestId('export-download').getAttribute('href');
    const status = await page.evaluate(async (url) => (await fetch(url!)).status, href);
    expect(status).toBe(200);
  });
});
