import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { mobileNetV2 } from '../../app/engine/common/backbones.js';
import type { DataPlan, PlanItem } from '../../app/engine/common/data-source.js';
import type { ModelTask } from '../../app/engine/common/model-tasks.js';
import { EventHub } from '../../app/ipc/common/event-hub.js';
import { openDatabase } from '../../app/library/node/database.js';
import { EmbeddingRepository } from '../../app/library/node/embedding-repository.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { ImportService } from '../../app/services/node/import-service.js';
import type {
  EmbeddingProgress,
  PlanEmbeddingOptions,
} from '../../app/services/node/plan-embeddings.js';
import { embedBatchSize, embedPlan } from '../../app/services/node/plan-embeddings.js';
import { buildPlan } from '../../app/services/node/training-plan.js';
import { temporaryFolders } from '../support/temp-folders.js';
import { FakeEngineHost, imageFolder } from './fakes.js';
import type { LibraryFixture } from './library-fixture.js';
import { openLibraryFixture } from './library-fixture.js';

const temporaryFolder = temporaryFolders();
const key = { backbone: mobileNetV2.id, layers: mobileNetV2.defaultLayers };

/** A fake backbone: each original's embedding is made of its file name's characters. */
function embed(task: ModelTask, dimension = 4) {
  if (task.op !== 'embed') throw new Error(`no answer for ${task.op}`);
  const values = task.originals.flatMap((path) => {
    const name = path.split('/').at(-1)!;
    return Array.from({ length: dimension }, (_, index) => name.charCodeAt(index) / 8);
  });
  return { dimension, embeddings: Float32Array.from(values).buffer };
}

describe('embedding a plan', () => {
  let fixture: LibraryFixture;
  let host: FakeEngineHost;

  beforeEach(async () => {
    fixture = await openLibraryFixture();
    host = new FakeEngineHost();
    host.answer = (task) => embed(task);
  });

  afterEach(() => fixture.remove());

  async function importInto(name: string, classes: Record<string, number>): Promise<number> {
    const folder = await imageFolder(classes);
    const dataset = fixture.library.stores.datasets.createDataset(name, { inputSize: 16 });
    const imports = new ImportService({
      stores: fixture.library.stores,
      events: new EventHub(),
      logger: fixture.logger,
      concurrency: 2,
    });
    await (
      await imports.start({ datasetId: dataset.id, paths: [folder.root] })
    ).done;
    await folder.remove();
    return dataset.id;
  }

  const planOf = (datasetId: number): DataPlan => {
    const { stores, dbPath } = fixture.library;
    return buildPlan(stores.datasets.getDataset(datasetId), stores.images, dbPath);
  };

  function options(reports: EmbeddingProgress[] = [], now?: () => number): PlanEmbeddingOptions {
    return {
      stores: fixture.library.stores,
      host: () => host,
      backbone: mobileNetV2,
      backboneDir: '/backbones/mobilenet-v2',
      onProgress: (progress) => reports.push(progress),
      isStopped: () => false,
      ...(now === undefined ? {} : { now }),
    };
  }

  const embedded = () =>
    host.tasks.flatMap((task) => (task.op === 'embed' ? task.originals : [])).length;

  it('estimates the time left from the rate measured so far', async () => {
    const datasetId = await importInto('pets', { cat: 35, dog: 35 });
    let clock = 1_000;
    host.answer = (task) => {
      clock += 10_000; // each batch takes ten seconds
      return embed(task);
    };
    const reports: EmbeddingProgress[] = [];
    await embedPlan(
      planOf(datasetId),
      options(reports, () => clock),
    );
    expect(reports.map((report) => report.done)).toEqual([0, 32, 64, 70]);
    expect(reports[0]!.secondsLeft).toBeNull();
    // 32 images in 10 s: the 38 left take 11.875 s; then 6 left at 64 per 20 s.
    expect(reports[1]!.secondsLeft).toBeCloseTo(11.875, 6);
    expect(reports[2]!.secondsLeft).toBeCloseTo(1.875, 6);
    expect(reports[3]!.secondsLeft).toBe(0);
  });

  it('reuses the embedding of the same photo imported into another dataset', async () => {
    const first = await importInto('pets', { cat: 6, dog: 6 });
    const firstFeatures = await embedPlan(planOf(first), options());
    expect(embedded()).toBe(12);
    const second = await importInto('again', { cat: 6, dog: 6, bird: 3 });
    const reports: EmbeddingProgress[] = [];
    const features = await embedPlan(planOf(second), options(reports));
    expect(embedded()).toBe(15);
    expect(reports[0]).toMatchObject({ done: 12, total: 15, cached: 12 });
    expect(features!.dimension).toBe(firstFeatures!.dimension);
  });

  it('keeps the cache right through relabels, deletes, restores and purges', async () => {
    const datasetId = await importInto('pets', { cat: 8, dog: 8 });
    const { stores } = fixture.library;
    const plan = planOf(datasetId);
    const before = await embedPlan(plan, options());
    const rowOf = (items: readonly PlanItem[], imageId: number) =>
      items.findIndex((item) => item.imageId === imageId);
    const vectorOf = (features: ArrayBuffer, row: number) => [
      ...new Float32Array(features).subarray(row * 4, row * 4 + 4),
    ];

    // A relabel changes the plan's labels; the embeddings come from the cache, row for row.
    const moved = plan.splits.train[0]!.imageId;
    const dog = stores.datasets.getDataset(datasetId).classes.find((c) => c.name === 'dog')!;
    const cat = stores.datasets.getDataset(datasetId).classes.find((c) => c.name === 'cat')!;
    const target = plan.splits.train[0]!.label === plan.classes.indexOf('dog') ? cat : dog;
    stores.gallery.setClass([moved], target.id);
    const relabelled = planOf(datasetId);
    const after = await embedPlan(relabelled, options());
    expect(embedded()).toBe(16);
    const row = rowOf(relabelled.splits.train, moved);
    expect(relabelled.splits.train[row]!.label).toBe(relabelled.classes.indexOf(target.name));
    expect(vectorOf(after!.features.train, row)).toEqual(
      vectorOf(before!.features.train, rowOf(plan.splits.train, moved)),
    );

    // A soft delete leaves the image out and keeps its embedding for a restore.
    stores.gallery.delete([moved]);
    const smaller = planOf(datasetId);
    const fewer = await embedPlan(smaller, options());
    expect(new Float32Array(fewer!.features.train).length).toBe(smaller.splits.train.length * 4);
    expect(rowOf(smaller.splits.train, moved)).toBe(-1);
    expect(stores.embeddings.count(key)).toBe(16);
    stores.gallery.restore([moved]);
    await embedPlan(planOf(datasetId), options());
    expect(embedded()).toBe(16);

    // Purged for good: its embedding goes with it.
    stores.gallery.delete([moved]);
    stores.gallery.purgeDeleted(Date.now() + 365 * 24 * 3600 * 1000);
    expect(stores.embeddings.count(key)).toBe(15);
  });
});

describe('embedding 3,000 images', () => {
  it('holds one batch and one chunk of rows at a time, however many images there are', async () => {
    const count = 3_000;
    const dimension = 16;
    const db = openDatabase(join(temporaryFolder('fovea-embed-bound-'), 'fovea.db'), {
      migrations,
    });
    const repository = new EmbeddingRepository(db);
    let largestChunk = 0;
    let readsOfAll = 0;
    const embeddings = Object.assign(Object.create(repository) as EmbeddingRepository, {
      forEachChunk: (...args: Parameters<EmbeddingRepository['forEachChunk']>) => {
        const [chunkKey, hashes, visit] = args;
        repository.forEachChunk(chunkKey, hashes, (rows) => {
          largestChunk = Math.max(largestChunk, rows.length);
          visit(rows);
        });
      },
      read: () => {
        readsOfAll++;
        return new Map();
      },
      cached: repository.cached.bind(repository),
      insertAll: repository.insertAll.bind(repository),
    });
    const host = new FakeEngineHost();
    let largestBatch = 0;
    host.answer = (task) => {
      if (task.op === 'embed') largestBatch = Math.max(largestBatch, task.originals.length);
      return embed(task, dimension);
    };
    const items = Array.from({ length: count }, (_, index) => ({
      imageId: index + 1,
      label: index % 2,
    }));
    const plan: DataPlan = {
      dbPath: ':memory:',
      size: 16,
      classes: ['a', 'b'],
      splits: {
        train: items.slice(0, 2_000),
        val: items.slice(2_000, 2_500),
        test: items.slice(2_500),
      },
    };
    const hash = (imageId: number) => imageId.toString(16).padStart(64, '0');
    const stores = {
      images: { detail: (imageId: number) => ({ hash: hash(imageId) }) },
      blobs: { path: (blobHash: string) => `/blobs/${blobHash.slice(-8)}` },
      embeddings,
    } as unknown as PlanEmbeddingOptions['stores'];
    const features = await embedPlan(plan, {
      stores,
      host: () => host,
      backbone: mobileNetV2,
      backboneDir: '/b',
      onProgress: () => {},
      isStopped: () => false,
    });
    db.close();
    expect(largestBatch).toBe(embedBatchSize);
    expect(largestChunk).toBeLessThanOrEqual(500);
    expect(readsOfAll).toBe(0);
    expect(host.tasks).toHaveLength(Math.ceil(count / embedBatchSize));
    expect(new Float32Array(features!.features.train).length).toBe(2_000 * dimension);
    // Row 2,999 of the plan is the last test row, made from its own file name.
    const last = new Float32Array(features!.features.test).subarray(499 * dimension);
    expect(last[0]).toBe(hash(3_000).slice(-8).charCodeAt(0) / 8);
  });
});
