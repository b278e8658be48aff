/**
 * Classify a folder, end to end on real photos: a model trained one epoch on the pets photos
 * (../shared/data/pets) classifies the pets test folder uploaded in Chromium, and `fovea predict
 * RUN FOLDER --json --csv` does the same from the command line. The app's table, the CLI and
 * Evaluate give every photo the same class; the exported CSV opens in Python's csv module with one
 * row per photo.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import { hasChromium, launchBrowser, openApp, repoRoot, startServe } from './harness.js';

const run = promisify(execFile);
const cli = join(repoRoot, 'bin/fovea.js');
const fovea = (...args: string[]) => run(process.execPath, [cli, ...args], { maxBuffer: 1 << 26 });
const pets = resolve(repoRoot, '../shared/data/pets');
const hasPets = existsSync(join(pets, 'test'));
if (!hasPets) console.warn(`Skipping the classify e2e test: ${pets} is not there.`);

interface CliImage {
  file: string;
  class: string;
  probability: number;
  topClass: string;
  inLibrary: { imageId: number } | null;
}

describe.skipIf(!hasChromium || !hasPets)('classify the pets test folder', () => {
  let work: string;
  let library: string;
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;
  /** Evaluate's class name for each test photo, by image id. */
  const evaluated = new Map<number, string>();
  let byCli: CliImage[];
  let threshold: number;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fovea-e2e-classify-'));
    library = join(work, 'library');
    await fovea('import', '--library', library, '--dataset', 'pets', pets);
    await fovea(
      'train',
      '--library',
      library,
      '--dataset',
      'pets',
      '--preset',
      'tinyvgg',
      '--epochs',
      '3',
    );
    const report = JSON.parse(
      (await fovea('evaluate', '--library', library, '--run', '1', '--json')).stdout,
    ) as { classes: string[]; cellImages: number[][][] };
    report.cellImages.forEach((row) =>
      row.forEach((ids, predicted) =>
        ids.forEach((id) => evaluated.set(id, report.classes[predicted]!)),
      ),
    );
    const csv = join(work, 'cli.csv');
    const predicted = await fovea(
      'predict',
      '--library',
      library,
      '1',
      join(pets, 'test'),
      '--csv',
      csv,
      '--json',
    );
    byCli = (JSON.parse(predicted.stdout) as { images: CliImage[] }).images;
    browser = await launchBrowser();
    serve = await startServe(library);
    page = await openApp(browser, serve);
    await page.getByTestId('nav-evaluate').click();
    await page.getByTestId('eval-confusion').waitFor({ timeout: 60_000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('the CLI gives every test photo the class Evaluate gives it', () => {
    expect(byCli).toHaveLength(200);
    expect(evaluated.size).toBe(200);
    // A model that says one class for every photo would make this comparison weak.
    expect(new Set(byCli.map((image) => image.topClass)).size).toBe(2);
    for (const image of byCli) expect(image.topClass).toBe(evaluated.get(image.inLibrary!.imageId));
  });

  it('the app classifies the uploaded folder as the CLI and Evaluate do', async () => {
    await page.getByTestId('classify-folder-input').setInputFiles(join(pets, 'test'));
    const rows = page.getByTestId('classify-row');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBe(200);
    expect(await page.getByTestId('classify-summary').textContent()).toMatch(
      /200 images classified, 0 refused/,
    );
    const table = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].slice(1, 4).map((td) => td.textContent ?? '')),
    );
    const cli = new Map(byCli.map((image) => [image.file, image]));
    for (const [file, name, probability] of table) {
      expect(name).toBe(cli.get(file!)?.class);
      expect(probability).toBe(`${(cli.get(file!)!.probability * 100).toFixed(1)}%`);
    }
    expect(
      await rows
        .first()
        .locator('img')
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: join(tmpdir(), 'fovea-classify-table.png'), fullPage: true });
  });

  it('sorts by probability, highest first', async () => {
    await page.getByTestId('classify-sort-probability').click();
    const shown = await page
      .getByTestId('classify-row')
      .evaluateAll((trs) => trs.map((tr) => Number.parseFloat(tr.children[3]?.textContent ?? '')));
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
  });

  it('shows the test coverage and accuracy at a threshold, as computed from the predictions', async () => {
    await page.getByTestId('calibration-show').click();
    await page.getByTestId('reliability').waitFor({ timeout: 120_000 });
    const tops = byCli.map((image) => image.probability).sort((a, b) => a - b);
    threshold = Math.round(tops[100]! * 1000) / 1000;
    await page.getByTestId('threshold-input').fill(String(threshold));
    const kept = byCli.filter((image) => image.probability >= threshold);
    // The photo's folder is its class: test/cat/… or test/dog/….
    const right = kept.filter((image) => image.file.split('/')[1] === image.topClass);
    const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
    await expect
      .poll(() => page.getByTestId('coverage').textContent())
      .toBe(
        `At ${threshold}: ${percent(kept.length / 200)} of the 200 test images are above it, ${percent(right.length / kept.length)} of them right.`,
      );
    await page.getByTestId('threshold-save').click();
    await expect.poll(() => page.getByTestId('threshold-save').isDisabled()).toBe(true);
    await page.screenshot({ path: join(tmpdir(), 'fovea-calibration.png'), fullPage: true });
  });

  it('the folder table and try-an-image agree on which photos are "not sure"', async () => {
    await page.getByTestId('classify-folder-input').setInputFiles(join(pets, 'test'));
    const cells = page.getByTestId('classify-class');
    await expect
      .poll(
        async () => (await cells.allTextContents()).filter((text) => text === 'not sure').length,
        {
          timeout: 120_000,
        },
      )
      .toBeGreaterThan(0);
    const table = await page
      .getByTestId('classify-row')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.children[1]?.textContent ?? '', tr.children[2]?.textContent ?? '']),
      );
    const notSure = new Set(
      table.filter(([, label]) => label === 'not sure').map(([file]) => file),
    );
    const expected = new Set(
      byCli.filter((image) => image.probability < threshold).map((image) => image.file),
    );
    expect(notSure).toEqual(expected);
    const unsure = byCli.find((image) => image.probability < threshold)!;
    const sure = byCli.find((image) => image.probability >= threshold)!;
    for (const image of [unsure, sure]) {
      await page.getByTestId('try-file').setInputFiles(join(pets, image.file));
      await page.getByTestId('try-result').waitFor();
      await expect
        .poll(() => page.getByTestId('try-not-sure').count(), { timeout: 30_000 })
        .toBe(image === unsure ? 1 : 0);
    }
  });

  it('exports a CSV that Python reads with one row per photo', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('classify-csv').click(),
    ]);
    const path = join(work, 'app.csv');
    await download.saveAs(path);
    const rows = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          'import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline="")))))',
          path,
        ],
        { encoding: 'utf8' },
      ),
    ) as Record<string, string>[];
    expect(rows).toHaveLength(200);
    const cli = new Map(byCli.map((image) => [image.file, image]));
    for (const row of rows) {
      const image = cli.get(row['file']!)!;
      expect(row['top_class']).toBe(image.topClass);
      expect(row['class']).toBe(image.probability < threshold ? 'not sure' : image.topClass);
      expect(row['in_library']).toMatch(/^pets\/(cat|dog)$/);
    }
  });
});
