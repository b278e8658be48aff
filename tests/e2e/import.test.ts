import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from './harness.js';
import { hasChromium, launchBrowser, openApp, removeLibrary, startServe } from './harness.js';

const pets = resolve(import.meta.dirname, '../../../shared/data/pets');
const hasPets = existsSync(pets);
if (!hasPets) console.warn(`e2e import: skipped, ${pets} is absent`);

/** Picks a folder with the "Import folder…" control (uploaded like a dropped folder in web mode). */
async function previewFolder(page: Page, folder: string): Promise<void> {
  await page.getByTestId('folder-input').setInputFiles(folder);
  await page.getByTestId('import-preview').waitFor({ timeout: 120_000 });
}

/** Picks a folder, accepts its preview and returns the summary's counts. */
async function importFolder(page: Page, folder: string): Promise<string> {
  await previewFolder(page, folder);
  await page.getByTestId('confirm-import').click();
  await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
  return (await page.getByTestId('import-counts').textContent()) ?? '';
}

describe.skipIf(!hasChromium || !hasPets)('importing photos in web mode', () => {
  let browser: Browser;
  let serve: ServeHandle;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    serve = await startServe();
    page = await openApp(browser, serve);
    await page.getByTestId('create-dataset').getByRole('textbox').fill('pets');
    await page.getByTestId('create-dataset').getByRole('textbox').press('Enter');
    await page.getByTestId('drop-zone').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) await removeLibrary(serve.libraryDir);
  });

  it('imports pets/train as 600 images in classes cat and dog, then 0 new and 600 duplicates', async () => {
    expect(await importFolder(page, resolve(pets, 'train'))).toContain(
      'Imported 600 · 0 duplicates',
    );
    await expect
      .poll(() => page.getByTestId('class-name').allTextContents())
      .toEqual(['cat', 'dog']);
    await expect
      .poll(() => page.getByTestId('class-item').allTextContents())
      .toEqual([expect.stringContaining('300 images'), expect.stringContaining('300 images')]);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await importFolder(page, resolve(pets, 'train'))).toContain(
      'Imported 0 · 600 duplicates',
    );
    await page.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('previews pets/train with its classes before importing anything', async () => {
    await previewFolder(page, resolve(pets, 'train'));
    expect(await page.getByTestId('preview-class').allTextContents()).toEqual([
      'class “cat”: 300 images',
      'class “dog”: 300 images',
    ]);
    expect(await page.getByTestId('preview-list').textContent()).toContain('Train 600');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('import-preview').count()).toBe(0);
  });

  it('lists each refused file of pets/bad with its reason, and invents no class "bad"', async () => {
    await previewFolder(page, resolve(pets, 'bad'));
    expect(await page.getByTestId('preview-loose').textContent()).toContain(
      '9 images not in a class folder go to',
    );
    expect(
      await page.getByTestId('loose-class').locator('option').allTextContents(),
    ).toContainEqual('a new class “bad”');
    await page.getByTestId('confirm-import').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
    const counts = (await page.getByTestId('import-counts').textContent()) ?? '';
    expect(counts).toBe('Imported 5 · 0 duplicates · 4 refused');
    expect(await page.getByTestId('class-name').allTextContents()).not.toContain('bad');
    const refusals = await page.getByTestId('refusals').getByRole('listitem').allTextContents();
    expect(refusals).toHaveLength(4);
    expect(refusals.find((r) => r.includes('empty_0bytes.jpg'))).toMatch(/empty/);
    expect(refusals.find((r) => r.includes('truncated_half_dog.jpg'))).toMatch(/truncated|corrupt/);
    expect(refusals.find((r) => r.includes('text_renamed.png'))).toMatch(/not an image/);
    expect(refusals.find((r) => r.includes('tiny_1x1.png'))).toMatch(/too small/);
    await page.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('relabels an image with a key and the label survives a reload', async () => {
    await page.getByTestId('filter-class').selectOption({ label: 'cat' });
    await expect.poll(() => page.getByTestId('gallery-count').textContent()).toBe('300');
    const first = page.getByTestId('tile').first();
    const imageId = await first.getAttribute('data-image-id');
    await first.click();
    await page.getByTestId('gallery').press('2');
    await expect.poll(() => page.getByTestId('gallery-count').textContent()).toBe('299');
    await page.reload();
    await page.getByTestId('filter-class').selectOption({ label: 'dog' });
    await expect.poll(() => page.getByTestId('gallery-count').textContent()).toBe('301');
    await expect(
      page.locator(`[data-image-id="${imageId}"]`).getByTestId('tile-class').textContent(),
    ).resolves.toBe('dog');
  });

  it('says "No images found" for class folders that hold no images', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'fovea-e2e-empty-'));
    try {
      await mkdir(join(folder, 'cats'));
      await writeFile(join(folder, 'cats', 'notes.txt'), 'no photos here');
      await previewFolder(page, folder);
      const said = await page.getByTestId('no-images-found').textContent();
      expect(said).toContain(`No images found in ${basename(folder)}.`);
      expect(said).toContain('one folder per class');
      expect(await page.getByTestId('confirm-import').count()).toBe(0);
      await page.getByRole('button', { name: 'Dismiss' }).click();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('imports loose files dropped onto a class', async () => {
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    await page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'green.png', { type: 'image/png' }));
      const target = [...document.querySelectorAll('[data-testid="class-item"]')].find((el) =>
        el.textContent?.includes('cat'),
      );
      target?.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
      await Promise.resolve();
    }, png.toString('base64'));
    await page.getByTestId('import-preview').waitFor();
    expect(await page.getByTestId('loose-class').inputValue()).not.toBe('none');
    await page.getByTestId('confirm-import').click();
    await expect
      .poll(() => page.getByTestId('import-counts').textContent())
      .toContain('Imported 1 ·');
    await expect
      .poll(() => page.getByTestId('class-item').first().textContent())
      .toContain('300 images');
  });
});
