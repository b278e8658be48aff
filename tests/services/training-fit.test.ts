import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelFolders } from '../../app/services/node/model-folders.js';
import { TrainingService } from '../../app/services/node/training-service.js';
import { FakeEngineHost, outcome } from './fakes.js';
import type { LibraryFixture } from './library-fixture.js';
import { importDataset, openLibraryFixture } from './library-fixture.js';

/** Sharp decodes on its own threads, so the run is polled for rather than flushed into being. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('a run with a fit other than squash', () => {
  let fixture: LibraryFixture;
  let host: FakeEngineHost;
  let training: TrainingService;
  let datasetId: number;

  beforeEach(async () => {
    fixture = await openLibraryFixture();
    host = new FakeEngineHost();
    const { library } = fixture;
    training = new TrainingService({
      stores: library.stores,
      dbPath: library.dbPath,
      models: new ModelFolders(library.dir, library.stores.models),
      events: fixture.events,
      host: () => host,
    });
    datasetId = await importDataset(fixture, { cat: 4, dog: 4 });
  });

  afterEach(() => fixture.remove());

  async function untilTraining(runId: number) {
    for (let tries = 0; tries < 2000 && !host.runs.has(runId); tries++) await pause();
    return host.runs.get(runId);
  }

  it('makes its tensors from the originals first, then hands the engine a plan of that fit', async () => {
    const { tensors, images } = fixture.library.stores;
    expect(images.trainable(datasetId, 16, 'pad')).toHaveLength(0);
    const { runId, done } = training.start({ datasetId, config: { fit: 'pad' }, visuals: false });
    expect(host.runs.has(runId)).toBe(false);
    const run = await untilTraining(runId);
    expect(run?.request.plan.fit).toBe('pad');
    expect(run?.request.config.fit).toBe('pad');
    expect(images.trainable(datasetId, 16, 'pad')).toHaveLength(8);
    const imageId = run!.request.plan.splits.train[0]!.imageId;
    expect(tensors.read(imageId, 16, 'pad')).toHaveLength(16 * 16 * 3);
    run!.finish(outcome());
    await done;
    expect(training.detail(runId).fit).toBe('pad');
    expect(training.list(datasetId)[0]?.fit).toBe('pad');
  });

  it('stops before training when stopped while its tensors are made', async () => {
    const { runId, done } = training.start({ datasetId, config: { fit: 'crop' }, visuals: false });
    training.stop(runId);
    expect(await done).toBeNull();
    expect(host.runs.has(runId)).toBe(false);
    expect(host.controls).toEqual([]);
    expect(training.detail(runId).status).toBe('stopped');
  });

  it('previews the first image under each fit', async () => {
    const preview = await training.fitPreview(datasetId);
    expect(preview?.size).toBe(16);
    for (const fit of ['squash', 'crop', 'pad'] as const)
      expect(preview?.images[fit]).toHaveLength(16 * 16 * 3);
    const empty = fixture.library.stores.datasets.createDataset('empty');
    expect(await training.fitPreview(empty.id)).toBeNull();
  });
});
