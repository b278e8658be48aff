import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryService } from '../../app/services/node/library-service.js';
import { ModelFolders } from '../../app/services/node/model-folders.js';
import type { LibraryFixture } from './library-fixture.js';
import { openLibraryFixture } from './library-fixture.js';

describe('errors nobody awaits', () => {
  let fixture: LibraryFixture;

  beforeEach(async () => {
    fixture = await openLibraryFixture();
  });

  afterEach(() => fixture.remove());

  it('reach the logger with what was being done, instead of being swallowed', async () => {
    const { library } = fixture;
    const service = new LibraryService({
      stores: library.stores,
      models: new ModelFolders(library.dir, library.stores.models),
      events: fixture.events,
      logger: fixture.logger,
    });
    // A file where the models folder should be: listing it fails with ENOTDIR.
    await writeFile(join(library.dir, 'models'), 'not a folder');
    const dataset = service.createDataset('doomed');
    service.deleteDataset(dataset.id);
    await service.collectModels();
    expect(fixture.logger.errors.length).toBeGreaterThan(0);
    expect(fixture.logger.errors[0]?.context).toBe(
      'cannot remove the model folders of deleted runs',
    );
    expect(fixture.logger.errors[0]?.error).toMatchObject({ code: 'ENOTDIR' });
    expect(fixture.emitted).toContainEqual({
      name: 'library.changed',
      payload: { datasetId: dataset.id },
    });
  });

  it('lets the tidying after a dataset delete finish before the library closes', async () => {
    const { library } = fixture;
    const service = new LibraryService({
      stores: library.stores,
      models: new ModelFolders(library.dir, library.stores.models),
      events: fixture.events,
      logger: fixture.logger,
    });
    const dataset = service.createDataset('doomed');
    service.deleteDataset(dataset.id);
    await service.settle();
    library.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fixture.logger.errors).toEqual([]);
  });
});
