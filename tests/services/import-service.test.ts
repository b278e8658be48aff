import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportService } from '../../app/services/node/import-service.js';
import { imageFolder } from './fakes.js';
import type { LibraryFixture } from './library-fixture.js';
import { openLibraryFixture } from './library-fixture.js';

describe('ImportService', () => {
  let fixture: LibraryFixture;
  let imports: ImportService;
  let datasetId: number;

  beforeEach(async () => {
    fixture = await openLibraryFixture();
    imports = new ImportService({
      stores: fixture.library.stores,
      events: fixture.events,
      logger: fixture.logger,
      concurrency: 2,
    });
    datasetId = fixture.library.stores.datasets.createDataset('pets').id;
  });

  afterEach(() => fixture.remove());

  it('imports folders in the background and reports the end', async () => {
    const folder = await imageFolder({ cat: 2, dog: 3 });
    try {
      const { importId, done } = await imports.start({ datasetId, paths: [folder.root] });
      const summary = await done;
      expect(summary).toMatchObject({ id: importId, status: 'completed', imported: 5 });
      expect(imports.get(importId)).toMatchObject({ status: 'completed', imported: 5 });
      expect(imports.list(datasetId).map((each) => each.id)).toEqual([importId]);
      const names = fixture.emitted.map((event) => event.name);
      expect(names).toContain('import.progress');
      expect(names.slice(-2)).toEqual(['import.finished', 'library.changed']);
      expect(fixture.logger.errors).toEqual([]);
    } finally {
      await folder.remove();
    }
  });

  it('imports an upload from its staging folder, then removes the upload', async () => {
    const folder = await imageFolder({ cat: 1, dog: 1 });
    try {
      const uploadId = await imports.beginUpload();
      await imports.addToUpload(uploadId, [
        { path: 'cat/a.png', data: await readFile(join(folder.root, 'cat', '0.png')) },
        { path: 'dog/b.png', data: await readFile(join(folder.root, 'dog', '0.png')) },
      ]);
      const staging = fixture.library.stores.uploads.dir(uploadId);
      expect(existsSync(staging)).toBe(true);
      const summary = await (await imports.start({ datasetId, uploadId })).done;
      expect(summary.imported).toBe(2);
      expect(existsSync(staging)).toBe(false);
      const classes = fixture.library.stores.datasets.getDataset(datasetId).classes;
      // Files decode in parallel, so the class met first (and made first) can be either.
      expect(classes.map((c) => [c.name, c.imageCount]).sort()).toEqual([
        ['cat', 1],
        ['dog', 1],
      ]);
    } finally {
      await folder.remove();
    }
  });

  it('previews the classes and loose images of a drop without storing anything', async () => {
    const folder = await imageFolder({ cat: 2, dog: 1 });
    try {
      const preview = await imports.preview({ datasetId, paths: [folder.root] });
      expect(preview).toMatchObject({
        roots: [folder.root],
        images: 3,
        classes: [
          { name: 'cat', images: 2 },
          { name: 'dog', images: 1 },
        ],
        loose: 0,
        splits: { train: 0, val: 0, test: 0, none: 3 },
        suggestedClass: null,
      });
      const loose = await imports.preview({ datasetId, paths: [join(folder.root, 'cat')] });
      expect(loose).toMatchObject({ images: 2, classes: [], loose: 2, suggestedClass: 'cat' });
      expect(fixture.library.stores.datasets.getDataset(datasetId).imageCount).toBe(0);
    } finally {
      await folder.remove();
    }
  });

  it('previews an upload by the names it was dropped with, and discards it', async () => {
    const folder = await imageFolder({ cat: 1 });
    try {
      const uploadId = await imports.beginUpload();
      await imports.addToUpload(uploadId, [
        { path: 'bad/a.png', data: await readFile(join(folder.root, 'cat', '0.png')) },
        { path: 'bad/notes.txt', data: new Uint8Array([1]) },
      ]);
      expect(await imports.preview({ datasetId, uploadId })).toMatchObject({
        roots: ['bad'],
        loose: 1,
        otherFiles: 1,
        suggestedClass: 'bad',
      });
      await imports.discardUpload(uploadId);
      expect(existsSync(fixture.library.stores.uploads.dir(uploadId))).toBe(false);
    } finally {
      await folder.remove();
    }
  });

  it('ends an import that finds no images with where it looked and what it looks for', async () => {
    const folder = await imageFolder({});
    try {
      await mkdir(join(folder.root, 'cats'));
      await writeFile(join(folder.root, 'cats', 'notes.txt'), 'x');
      const summary = await (await imports.start({ datasetId, paths: [folder.root] })).done;
      expect(summary).toMatchObject({ status: 'completed', imported: 0, skipped: 1 });
      expect(summary.message).toContain(`No images found in ${folder.root}.`);
      expect(summary.message).toMatch(/\.jpg.*one folder per class/);
    } finally {
      await folder.remove();
    }
  });

  it('refuses relative paths, unknown datasets and unknown imports', async () => {
    await expect(imports.start({ datasetId, paths: ['photos/cat'] })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(imports.start({ datasetId: 999, paths: ['/tmp'] })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(() => imports.get(12345)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('cancels a running import and keeps what it finished', async () => {
    const folder = await imageFolder({ cat: 30 });
    try {
      const { importId, done } = await imports.start({ datasetId, paths: [folder.root] });
      imports.cancel(importId);
      const summary = await done;
      expect(['cancelled', 'completed']).toContain(summary.status);
      expect(imports.get(importId).imported).toBe(summary.imported);
    } finally {
      await folder.remove();
    }
  });
});
