import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../app/services/node/services.js';
import { openServices } from '../../app/services/node/services.js';
import {
  importSampleOnFirstStart,
  sampleDatasetName,
} from '../../app/services/node/sample-dataset.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

describe('the built-in sample on first start', () => {
  let services: Services;
  beforeEach(async () => {
    // Web mode refuses a page's server paths; the services' own sample import is not a page's.
    services = await openServices({
      libraryDir: temporaryFolder('fovea-sample-lib-'),
      mode: 'web',
      version: 'test',
    });
  });
  afterEach(async () => {
    await services.close();
  });

  it('is drawn, imported with a class per animal and split, once', async () => {
    expect(await importSampleOnFirstStart(services, 5)).toBe(true);
    const [dataset] = services.stores.datasets.listDatasets();
    expect(dataset?.name).toBe(sampleDatasetName);
    const detail = services.stores.datasets.getDataset(dataset?.id ?? 0);
    expect(detail.classes.map((c) => [c.name, c.imageCount]).sort()).toEqual([
      ['cat', 5],
      ['dog', 5],
    ]);
    const splits = services.stores.gallery.splitCounts(detail.id);
    expect(splits.train + splits.val + splits.test).toBe(10);
    expect(await importSampleOnFirstStart(services, 5)).toBe(false);
  });

  it("still refuses a page's own server paths in web mode", async () => {
    const dataset = await services.handlers['datasets.create']('pets');
    await expect(
      services.handlers['imports.preview']({ datasetId: dataset.id, paths: ['/etc'] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
