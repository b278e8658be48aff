import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../app/engine/common/training.js';
import type { RunId } from '../../app/engine/common/run-id.js';
import { ModelFolders } from '../../app/services/node/model-folders.js';
import { TrainingService } from '../../app/services/node/training-service.js';
import { FakeEngineHost, outcome } from './fakes.js';
import type { LibraryFixture } from './library-fixture.js';
import { importDataset, openLibraryFixture } from './library-fixture.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('TrainingService', () => {
  let fixture: LibraryFixture;
  let host: FakeEngineHost;
  let training: TrainingService;
  let finishedRuns: RunId[];
  let datasetId: number;

  beforeEach(async () => {
    fixture = await openLibraryFixture();
    host = new FakeEngineHost();
    finishedRuns = [];
    const { library } = fixture;
    training = new TrainingService({
      stores: library.stores,
      dbPath: library.dbPath,
      models: new ModelFolders(library.dir, library.stores.models),
      events: fixture.events,
      host: () => host,
      afterRun: (runId) => {
        finishedRuns.push(runId);
        return Promise.resolve();
      },
    });
    datasetId = await importDataset(fixture, { cat: 6, dog: 6, empty: 0 });
  });

  afterEach(() => fixture.remove());

  it('offers presets for the classes that have images', () => {
    const options = training.options(datasetId);
    expect(options.classes).toBe(2);
    expect(options.inputSize).toBe(16);
    expect(options.presets.map((preset) => preset.id)).toContain(options.defaultPreset);
  });

  it('records a run, hands the engine its plan and persists what the engine reports', async () => {
    const { runId, done } = training.start({ datasetId, config: { epochs: 2 }, visuals: false });
    const run = host.runs.get(runId);
    expect(run?.request.runId).toBe(runId);
    expect(run?.request.plan.classes).toEqual(['cat', 'dog']);
    expect(run?.request.plan.dbPath).toBe(fixture.library.dbPath);
    expect(training.detail(runId).status).toBe('preparing');

    const base = { runId, seq: 1 };
    const events: TrainingEvent[] = [
      { ...base, kind: 'state', state: 'training' },
      {
        ...base,
        seq: 2,
        kind: 'epoch',
        epoch: 1,
        epochs: 2,
        trainLoss: 0.7,
        trainAccuracy: 0.5,
        valLoss: 0.6,
        valAccuracy: 0.75,
        learningRate: 0.001,
        isBest: true,
        isKept: true,
      },
    ];
    for (const event of events) run?.onEvent(event);
    expect(training.detail(runId).status).toBe('training');
    expect(Array.from(training.detail(runId).epochs.valAccuracy)).toEqual([0.75]);

    run?.finish(outcome({ epochsRun: 2, keptEpoch: 2 }));
    expect(await done).toMatchObject({ state: 'completed' });
    const detail = training.detail(runId);
    expect(detail).toMatchObject({ status: 'completed', epochsRun: 2, keptEpoch: 2 });
    expect(finishedRuns).toEqual([runId]);
    const changes = fixture.emitted.filter((event) => event.name === 'runs.changed');
    expect(changes).toEqual([
      { name: 'runs.changed', payload: { datasetId, runId } },
      { name: 'runs.changed', payload: { datasetId, runId } },
    ]);
    expect(fixture.emitted.filter((event) => event.name === 'training.event')).toHaveLength(2);
  });

  it('controls only active runs, and deletes a run only once it stopped', async () => {
    const { runId, done } = training.start({ datasetId, visuals: false });
    training.pause(runId);
    training.resume(runId);
    await expect(training.delete(runId)).rejects.toMatchObject({ code: 'conflict' });
    training.stop(runId);
    expect(host.controls).toEqual([
      { action: 'pause', runId },
      { action: 'resume', runId },
      { action: 'stop', runId },
    ]);
    expect(await done).toMatchObject({ state: 'stopped' });
    await flush();
    expect(() => training.pause(runId)).toThrow(expect.objectContaining({ code: 'conflict' }));

    // A saved model's folder goes with its run.
    const folders = new ModelFolders(fixture.library.dir, fixture.library.stores.models);
    const dir = folders.resolve(folders.pathOf(runId));
    await mkdir(dir, { recursive: true });
    fixture.library.stores.models.record({
      runId,
      format: 'tfjs-layers',
      path: folders.pathOf(runId),
      bytes: 1,
      inputSize: 16,
      classes: ['cat', 'dog'],
    });
    await training.delete(runId);
    expect(existsSync(dir)).toBe(false);
    expect(training.list(datasetId)).toEqual([]);
    await expect(training.delete(runId)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('marks a run failed with the reason when the engine fails', async () => {
    const { runId, done } = training.start({ datasetId, visuals: false });
    host.runs.get(runId)?.fail(new Error('The engine process exited with code 134.'));
    expect(await done).toBeNull();
    expect(training.detail(runId)).toMatchObject({
      status: 'failed',
      message: 'The engine process exited with code 134.',
    });
    expect(finishedRuns).toEqual([]);
  });

  it('refuses a dataset without two classes of images', () => {
    const lonely = fixture.library.stores.datasets.createDataset('lonely');
    expect(() => training.start({ datasetId: lonely.id })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });
});
