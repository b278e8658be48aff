import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataPlan } from '../../app/engine/common/data-source.js';
import type { VisualFrame } from '../../app/engine/common/visuals.js';
import { WatchService } from '../../app/services/node/watch-service.js';
import { FakeEngineHost } from './fakes.js';
import type { LibraryFixture } from './library-fixture.js';
import { importDataset, openLibraryFixture } from './library-fixture.js';
import { tinySpec, quickConfig } from '../engine/fixtures.js';

const size = 16;

function frame(kind: VisualFrame['kind'], step: number): VisualFrame {
  return {
    step,
    epoch: 1,
    kind,
    filters: [
      {
        layerIndex: 0,
        filters: 1,
        channels: 3,
        size: 1,
        isRgb: true,
        pixels: Uint8Array.of(1, 2, 3),
      },
    ],
    maps: [{ layerIndex: 0, height: 1, width: 1, channels: 1, pixels: Uint8Array.of(9) }],
  };
}

describe('WatchService', () => {
  let fixture: LibraryFixture;
  let host: FakeEngineHost;
  let watch: WatchService;
  let datasetId: number;
  let plan: DataPlan;
  let runId: number;

  beforeEach(async () => {
    fixture = await openLibraryFixture();
    host = new FakeEngineHost();
    const { stores, dbPath } = fixture.library;
    watch = new WatchService({
      stores,
      events: fixture.events,
      host: () => host,
      liveIntervalMs: 0,
      findModel: (id) => ({ runId: id, dir: '/models/elsewhere' }),
    });
    datasetId = await importDataset(fixture, { cat: 2, dog: 2 });
    const ids = stores.images.trainable(datasetId, size).map((image) => image.id);
    plan = {
      dbPath,
      size,
      classes: ['cat', 'dog'],
      splits: {
        train: ids.slice(0, 3).map((imageId) => ({ imageId, label: 0 })),
        val: ids.slice(3).map((imageId) => ({ imageId, label: 1 })),
        test: [],
      },
    };
    runId = stores.runs.create({
      datasetId,
      preset: null,
      spec: { ...tinySpec, name: 'tiny' },
      config: quickConfig,
      classes: plan.classes,
      inputSize: size,
      trainCount: 3,
      valCount: 1,
      testCount: 0,
    });
  });

  afterEach(() => fixture.remove());

  it('probes the first validation image and keeps stored frames as numbered snapshots', () => {
    const visuals = watch.begin(runId, datasetId, plan, 96);
    expect(visuals?.config).toEqual({ liveIntervalMs: 0, snapshotEverySteps: 2 });
    expect(visuals?.probe?.imageId).toBe(plan.splits.val[0]?.imageId);
    expect(visuals?.probe?.pixels).toHaveLength(size * size * 3);

    watch.onFrame(runId, datasetId, frame('start', 0));
    watch.onFrame(runId, datasetId, frame('live', 1));
    watch.onFrame(runId, datasetId, frame('step', 2));
    const seqs = fixture.emitted
      .filter((event) => event.name === 'training.visuals')
      .map((event) => (event.payload as { seq: number | null }).seq);
    expect(seqs).toEqual([1, null, 2]);
    expect(watch.list(runId).map((info) => info.kind)).toEqual(['start', 'step']);
    const stored = watch.get(runId, 2);
    expect(stored.frame.step).toBe(2);
    expect(stored.probe?.imageId).toBe(visuals?.probe?.imageId);
    expect(watch.probe(runId)?.imageId).toBe(visuals?.probe?.imageId);
    expect(() => watch.get(runId, 3)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('changes the probe of a training run only, and tells the engine', () => {
    const other = plan.splits.train[0]!.imageId;
    expect(() => watch.setProbe(runId, { imageId: other })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    watch.begin(runId, datasetId, plan, 10);
    expect(watch.setProbe(runId, { imageId: other }).imageId).toBe(other);
    expect(host.controls).toEqual([{ action: 'probe', runId }]);
    expect(watch.probe(runId)?.imageId).toBe(other);
    expect(() => watch.setProbe(runId, { pixels: new Uint8Array(5) })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
    watch.end(runId);
    expect(() => watch.setProbe(runId, { imageId: other })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });

  it("asks a finished run's model for one image's feature maps, with the run's spec", async () => {
    const maps = [{ layerIndex: 0, height: 1, width: 1, channels: 1, pixels: Uint8Array.of(7) }];
    host.answer = () => ({ maps });
    const pixels = new Uint8Array(size * size * 3).fill(5);
    const probed = await watch.probeModel(runId, { pixels });
    expect(probed.maps).toEqual(maps);
    expect(probed.probe).toMatchObject({ size, imageId: null });
    expect(host.tasks).toEqual([
      {
        op: 'featureMaps',
        model: { runId, dir: '/models/elsewhere' },
        spec: { ...tinySpec, name: 'tiny' },
        image: expect.any(ArrayBuffer) as unknown,
      },
    ]);
    watch.begin(runId, datasetId, plan, 10);
    await expect(watch.probeModel(runId, { pixels })).rejects.toMatchObject({ code: 'conflict' });
  });
});
