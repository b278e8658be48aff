import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryService } from '../../app/services/node/library-service.js';
import { ModelFolders } from '../../app/services/node/model-folders.js';
import { buildPlan, planCounts } from '../../app/services/node/training-plan.js';
import type { LibraryFixture } from './library-fixture.js';
import { importDataset, openLibraryFixture } from './library-fixture.js';

describe('re-splitting a dataset and the counts training uses', () => {
  let fixture: LibraryFixture;
  let datasetId: number;

  beforeEach(async () => {
    fixture = await openLibraryFixture();
    datasetId = await importDataset(fixture, { cat: 10, dog: 20 });
  });
  afterEach(() => fixture.remove());

  const splitsOf = (): Record<number, string | null> => {
    const { images } = fixture.library.stores;
    return Object.fromEntries(
      images.trainable(datasetId, 16).map((image) => [image.id, image.split]),
    );
  };
  const counts = () =>
    planCounts(
      fixture.library.stores.datasets.getDataset(datasetId),
      fixture.library.stores.images,
    );

  it('lends 15% of each class to validation when there is none, and says so', () => {
    const { gallery } = fixture.library.stores;
    gallery.setSplit(Object.keys(splitsOf()).map(Number), 'train');
    // floor(15% of 10) + floor(15% of 20) = 1 + 3 lent; no test images.
    expect(counts()).toEqual({ train: 26, val: 4, test: 0, lent: 4 });
    const plan = buildPlan(
      fixture.library.stores.datasets.getDataset(datasetId),
      fixture.library.stores.images,
      fixture.library.dbPath,
    );
    expect(plan.splits.val).toHaveLength(4);
  });

  it('re-splits all images per class with a seed, replacing earlier choices, and keeps it', () => {
    const { gallery } = fixture.library.stores;
    gallery.setSplit(Object.keys(splitsOf()).map(Number), 'train');
    const library = new LibraryService({
      stores: fixture.library.stores,
      models: new ModelFolders(fixture.library.dir, fixture.library.stores.models),
      events: fixture.events,
      logger: fixture.logger,
    });
    const result = library.resplitAll(datasetId, { train: 80, val: 10, test: 10 }, 7);
    // Per class: cats 8/1/1, dogs 16/2/2.
    expect(result).toEqual({ train: 24, val: 3, test: 3, none: 0 });
    expect(counts()).toEqual({ train: 24, val: 3, test: 3, lent: 0 });
    const first = splitsOf();
    library.resplitAll(datasetId, { train: 80, val: 10, test: 10 }, 7);
    expect(splitsOf()).toEqual(first);
    expect(fixture.emitted.some((event) => event.name === 'library.changed')).toBe(true);
  });
});
