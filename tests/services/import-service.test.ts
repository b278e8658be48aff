import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
      expect(classes.map((c) => [c.name, c.imageCount])).toEqual([
        ['cat', 1],
        ['dog', 1],
      ]);
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
