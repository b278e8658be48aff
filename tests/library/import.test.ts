import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../app/library/common/images.js';
import { BlobStore } from '../../app/library/node/blob-store.js';
import type { Services } from '../../app/services/node/services.js';
import { queryLibrary } from '../support/library-db.js';
import { openServices } from '../../app/services/node/services.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

const petsDir = resolve(import.meta.dirname, '../../../shared/data/pets');
const hasPets = existsSync(petsDir);
if (!hasPets) console.warn(`import tests: skipping the pets checks, ${petsDir} is absent`);

async function photo(path: string, seed: number, size = 40): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const channels = 3;
  const data = Buffer.alloc(size * size * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * seed * 31 + seed * 17) % 256;
  await sharp(data, { raw: { width: size, height: size, channels } })
    .png()
    .toFile(path);
}

async function tree(): Promise<string> {
  const root = temporaryFolder('fovea-import-src-');
  for (let i = 1; i <= 3; i++) await photo(join(root, 'pets', 'cat', `c${i}.png`), i);
  for (let i = 4; i <= 5; i++) await photo(join(root, 'pets', 'dog', `d${i}.PNG`), i);
  await writeFile(join(root, 'pets', 'dog', 'notes.txt'), 'not an image');
  await writeFile(
    join(root, 'pets', 'dog', 'broken.jpg'),
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
  );
  return root;
}

describe('import', () => {
  let services: Services;
  let progress: ImportProgress[];

  beforeEach(async () => {
    const libraryDir = temporaryFolder('fovea-import-lib-');
    services = await openServices({ libraryDir, mode: 'cli', version: 'test' });
    progress = [];
    services.events.listen((event, payload) => {
      if (event === 'import.progress') progress.push(payload as ImportProgress);
    });
  });
  afterEach(async () => {
    await services.close();
  });

  async function importPaths(paths: string[], datasetName = 'pets', classId?: number) {
    const library = services.stores.datasets;
    const dataset = library.findDatasetByName(datasetName) ?? library.createDataset(datasetName);
    const { done } = await services.imports.start({
      datasetId: dataset.id,
      paths,
      ...(classId ? { classId } : {}),
    });
    return { dataset, summary: await done };
  }

  it('imports a folder of class folders, skipping non-images and refusing broken files', async () => {
    const root = await tree();
    const { dataset, summary } = await importPaths([join(root, 'pets')]);
    expect(summary).toMatchObject({
      status: 'completed',
      imported: 5,
      duplicates: 0,
      skipped: 1,
      classes: { cat: 3, dog: 2 },
    });
    expect(summary.failed).toEqual([
      {
        file: join(root, 'pets', 'dog', 'broken.jpg'),
        reason: expect.stringMatching(/corrupt|truncated|not an image/i),
      },
    ]);
    const index = services.stores.gallery.index(dataset.id);
    expect(index.ids).toHaveLength(5);
    for (const id of index.ids) {
      const detail = services.stores.gallery.detail(id);
      expect(existsSync(services.stores.blobs.path(detail.hash))).toBe(true);
      expect(services.stores.gallery.thumbnail(id)?.data.length).toBeGreaterThan(100);
    }
    const tensors = queryLibrary(services.dir, 'SELECT size, length(data) AS bytes FROM tensors');
    expect(tensors).toEqual(Array(5).fill({ size: 64, bytes: 64 * 64 * 3 }));
    const last = progress.at(-1);
    expect(last).toMatchObject({ done: 6, total: 6, imported: 5, failed: 1, currentFile: null });
  });

  it('adds nothing the second time and reports duplicates; flags the same image under another class', async () => {
    const root = await tree();
    await importPaths([join(root, 'pets')]);
    const again = await importPaths([join(root, 'pets')]);
    expect(again.summary).toMatchObject({ imported: 0, duplicates: 5, conflicts: [] });

    await photo(join(root, 'elsewhere', 'dog', 'c1-copy.png'), 1);
    const conflict = await importPaths([join(root, 'elsewhere')]);
    expect(conflict.summary.imported).toBe(0);
    expect(conflict.summary.conflicts).toEqual([
      expect.objectContaining({ existingClass: 'cat', newClass: 'dog' }),
    ]);
    expect(
      services.stores.gallery.index(conflict.dataset.id, { status: 'conflict' }).ids,
    ).toHaveLength(1);
  });

  it('puts loose files dropped on a class into that class, and split folders into splits', async () => {
    const root = await tree();
    const dataset = services.stores.datasets.createDataset('pets');
    const cat = services.stores.datasets.createClass(dataset.id, 'cat');
    await photo(join(root, 'loose.png'), 9);
    const loose = await importPaths([join(root, 'loose.png')], 'pets', cat.id);
    expect(loose.summary.classes).toEqual({ cat: 1 });

    for (const [split, n] of [
      ['train', 11],
      ['validation', 12],
      ['test', 13],
    ] as const) {
      await photo(join(root, 'set', split, 'bird', `${split}.png`), n);
    }
    const splitImport = await importPaths([join(root, 'set')]);
    expect(splitImport.summary.imported).toBe(3);
    expect(services.stores.gallery.splitCounts(dataset.id)).toEqual({
      train: 1,
      val: 1,
      test: 1,
      none: 1,
    });
  });

  it('cancel stops and leaves every committed image whole', async () => {
    const root = temporaryFolder('fovea-import-many-');
    for (let i = 0; i < 120; i++) await photo(join(root, 'cls', `i${i}.png`), i + 1, 24);
    const dataset = services.stores.datasets.createDataset('many');
    const { importId, done } = await services.imports.start({
      datasetId: dataset.id,
      paths: [root],
    });
    const stop = services.events.listen((event, payload) => {
      if (event === 'import.progress' && (payload as ImportProgress).done >= 10)
        services.imports.cancel(importId);
    });
    const summary = await done;
    stop();
    expect(summary.status).toBe('cancelled');
    expect(summary.imported).toBeLessThan(120);
    const rows = queryLibrary<{ hash: string; thumbs: number; tensors: number }>(
      services.dir,
      'SELECT hash, (SELECT count(*) FROM thumbnails t WHERE t.image_id = i.id) AS thumbs, (SELECT count(*) FROM tensors t WHERE t.image_id = i.id) AS tensors FROM images i',
    );
    expect(rows).toHaveLength(summary.imported);
    for (const row of rows) {
      expect(row).toMatchObject({ thumbs: 1, tensors: 1 });
      expect(existsSync(services.stores.blobs.path(row.hash))).toBe(true);
    }
    const rest = await importPaths([root], 'many');
    expect(rest.summary.imported + summary.imported).toBe(120);
  });

  it('stores images in the order of their files, whatever order their decodes finish in', async () => {
    const root = temporaryFolder('fovea-import-order-');
    // The first files are large PNGs, slow to decode; the small ones after them finish first.
    const names = Array.from({ length: 24 }, (_, i) => `f${String(i).padStart(2, '0')}.png`);
    for (const [i, name] of names.entries())
      await photo(join(root, 'cls', name), i + 1, i < 3 ? 1800 : 16);
    const { summary } = await importPaths([root], 'ordered');
    expect(summary.imported).toBe(24);
    const rows = queryLibrary<{ name: string }>(
      services.dir,
      'SELECT original_name AS name FROM images ORDER BY id',
    );
    expect(rows.map((row) => row.name)).toEqual(names);
  });

  it('fails, with the reason, when a batch stored in the background cannot be made durable', async () => {
    const root = temporaryFolder('fovea-import-sync-');
    for (let i = 0; i < 60; i++) await photo(join(root, 'cls', `i${i}.png`), i + 1, 16);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call below
    const original = BlobStore.prototype.syncInBackground;
    let syncs = 0;
    BlobStore.prototype.syncInBackground = async function (this: BlobStore, hashes) {
      if (++syncs === 1) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      return original.call(this, hashes);
    };
    try {
      const { summary } = await importPaths([root], 'many');
      expect(summary.status).toBe('failed');
      expect(summary.message).toMatch(/EIO/);
      // The first batch (48) never committed; what did commit is whole.
      expect(summary.imported).toBeLessThanOrEqual(12);
      const rows = queryLibrary<{ n: number }>(services.dir, 'SELECT count(*) AS n FROM images');
      expect(rows[0]?.n).toBe(summary.imported);
    } finally {
      BlobStore.prototype.syncInBackground = original;
    }
  });

  it('stops with a clear message when the disk is full and keeps what was imported', async () => {
    const root = await tree();
    let writes = 0;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call below
    const original = BlobStore.prototype.put;
    BlobStore.prototype.put = async function (this: BlobStore, hash: string, bytes: Uint8Array) {
      if (++writes > 2)
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return original.call(this, hash, bytes);
    };
    try {
      const { summary } = await importPaths([join(root, 'pets')]);
      expect(summary.status).toBe('failed');
      expect(summary.message).toMatch(/disk is full/);
      expect(summary.imported).toBe(2);
    } finally {
      BlobStore.prototype.put = original;
    }
  });

  it.skipIf(!hasPets)('gives every file in pets/bad the right outcome', async () => {
    const { summary } = await importPaths([join(petsDir, 'bad')]);
    const refused = Object.fromEntries(
      summary.failed.map((f) => [f.file.split('/').at(-1), f.reason]),
    );
    expect(refused).toEqual({
      'empty_0bytes.jpg': expect.stringMatching(/empty/i),
      'truncated_half_dog.jpg': expect.stringMatching(/truncated|corrupt/i),
      'text_renamed.png': expect.stringMatching(/not an image/i),
      'tiny_1x1.png': expect.stringMatching(/too small/i),
    });
    expect(summary.imported).toBe(5);
    const names = queryLibrary<{ original_name: string }>(
      services.dir,
      'SELECT original_name FROM images ORDER BY original_name',
    ).map((row) => row.original_name);
    expect(names).toEqual([
      'alpha_dog.png',
      'chat noir é.jpg',
      'cmyk_cat.jpg',
      'grayscale_dog.jpg',
      'huge_6000x4000_plasma.jpg',
    ]);
  });
});
