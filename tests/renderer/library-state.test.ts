import { describe, expect, it } from 'vitest';
import { FoveaError } from '../../app/base/common/errors.js';
import type { SplitCounts } from '../../app/library/common/images.js';
import type { DatasetSummary } from '../../app/library/common/types.js';
import { LibraryState } from '../../renderer/lib/state/library.svelte.js';
import { SplitsState } from '../../renderer/lib/state/splits.svelte.js';
import { FakeClient } from './fake-client.js';

const dataset = (id: number, name: string): DatasetSummary => ({
  id,
  name,
  inputSize: 64,
  imageCount: 0,
  unlabeledCount: 0,
  classes: [],
  createdAt: '2026-01-01T00:00:00Z',
});

const emptyIndex = {
  ids: new Int32Array(0),
  classIds: new Int32Array(0),
  splits: new Uint8Array(0),
  statuses: new Uint8Array(0),
};

/** Datasets 1 and 2; dataset n has n × 10 images, none in a split until `splits.assign`. */
function libraryClient(): FakeClient {
  const counts = new Map<number, SplitCounts>([
    [1, { train: 0, val: 0, test: 0, none: 10 }],
    [2, { train: 0, val: 0, test: 0, none: 20 }],
  ]);
  return new FakeClient({
    'datasets.list': () => [dataset(1, 'pets'), dataset(2, 'birds')],
    'images.index': () => emptyIndex,
    'imports.list': () => [],
    'splits.counts': (id) => counts.get(id) ?? { train: 0, val: 0, test: 0, none: 0 },
    'splits.assign': (id, { train }) => {
      const none = counts.get(id)?.none ?? 0;
      const toTrain = Math.round((none * train) / 100);
      const assigned = { train: toTrain, val: 0, test: none - toTrain, none: 0 };
      counts.set(id, assigned);
      return assigned;
    },
  });
}

describe('LibraryState', () => {
  it('selects the first dataset on load and opens its gallery, last import and splits', async () => {
    const fake = libraryClient();
    const selected: (number | null)[] = [];
    const library = new LibraryState(fake.client, (id) => selected.push(id));
    await library.load();
    expect(library.selected?.name).toBe('pets');
    expect(selected).toEqual([1]);
    await expect.poll(() => library.splits.counts?.none).toBe(10);
    expect(fake.argsOf('images.index').map(([id]) => id)).toEqual([1]);
    expect(fake.argsOf('imports.list')).toEqual([[1]]);

    library.datasets.select(2);
    expect(selected).toEqual([1, 2]);
    await expect.poll(() => library.splits.counts?.none).toBe(20);
  });

  it('reads the datasets, the gallery and the splits again when the library changes', async () => {
    const fake = libraryClient();
    const library = new LibraryState(fake.client);
    const stop = library.listen();
    await library.load();
    await expect.poll(() => fake.argsOf('splits.counts')).toHaveLength(1);
    fake.emit('library.changed', { datasetId: 1 });
    await expect.poll(() => fake.argsOf('splits.counts')).toHaveLength(2);
    expect(fake.argsOf('datasets.list')).toHaveLength(2);
    expect(fake.argsOf('images.index')).toHaveLength(2);
    stop();
    expect(fake.listenerCount).toBe(0);
    fake.emit('library.changed', { datasetId: 1 });
    expect(fake.argsOf('datasets.list')).toHaveLength(2);
  });

  it("sends a split's failure to the Datasets area's one error banner", async () => {
    const fake = libraryClient();
    fake.handlers['splits.assign'] = () => {
      throw new FoveaError('invalid_argument', 'The percentages must add up to 100.');
    };
    const library = new LibraryState(fake.client);
    await library.load();
    expect(await library.splits.assign({ train: 90, val: 20, test: 0 })).toBe(false);
    expect(library.errors.message).toBe('The percentages must add up to 100.');
    expect(library.datasets.errors).toBe(library.errors);
    library.reset();
    expect(library.errors.message).toBeNull();
    expect(library.selected).toBeNull();
  });
});

describe('SplitsState', () => {
  it('assigns the images without a split and keeps the counts the services answer', async () => {
    const splits = new SplitsState(libraryClient().client);
    expect(await splits.assign({ train: 80, val: 10, test: 10 })).toBe(false);
    await splits.open(1);
    expect(splits.counts).toEqual({ train: 0, val: 0, test: 0, none: 10 });
    expect(await splits.assign({ train: 80, val: 0, test: 20 })).toBe(true);
    expect(splits.counts).toEqual({ train: 8, val: 0, test: 2, none: 0 });
    await splits.refresh();
    expect(splits.counts?.none).toBe(0);
  });

  it('drops the counts of a dataset that is no longer open', async () => {
    const fake = libraryClient();
    let release = (): void => undefined;
    const first = fake.handlers['splits.counts']!;
    fake.handlers['splits.counts'] = (id) =>
      id === 1 ? new Promise((resolve) => (release = () => resolve(first(id)))) : first(id);
    const splits = new SplitsState(fake.client);
    const slow = splits.open(1);
    await splits.open(2);
    release();
    await slow;
    expect(splits.counts?.none).toBe(20);
    splits.reset();
    expect(splits.counts).toBeNull();
  });
});
