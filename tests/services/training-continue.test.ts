import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FoveaError } from '../../app/base/common/errors.js';
import { EngineExitedError } from '../../app/engine/common/engine-host.js';
import type { RunId } from '../../app/engine/common/run-id.js';
import type { EpochEvent } from '../../app/engine/common/training.js';
import type { EpochRecord } from '../../app/engine/node/checkpoint-file.js';
import { writeCheckpoint } from '../../app/engine/node/checkpoint-file.js';
import { ModelFolders } from '../../app/services/node/model-folders.js';
import { RunCheckpoints } from '../../app/services/node/run-checkpoints.js';
import { TrainingService } from '../../app/services/node/training-service.js';
import { FakeEngineHost, outcome } from './fakes.js';
import type { LibraryFixture } from './library-fixture.js';
import { importDataset, openLibraryFixture } from './library-fixture.js';

const epochs = 5;

function record(epoch: number): EpochRecord {
  return {
    epoch,
    epochs,
    trainLoss: 1 / epoch,
    trainAccuracy: epoch / 10,
    valLoss: 1 / epoch,
    valAccuracy: epoch / 10,
    learningRate: 0.001,
    isBest: true,
    isKept: true,
  };
}

describe('TrainingService: continuing interrupted runs', () => {
  let fixture: LibraryFixture;
  let host: FakeEngineHost;
  let training: TrainingService;
  let checkpoints: RunCheckpoints;
  let datasetId: number;

  beforeEach(async () => {
    fixture = await openLibraryFixture();
    host = new FakeEngineHost();
    const { library } = fixture;
    checkpoints = new RunCheckpoints(join(library.dir, 'checkpoints'));
    training = new TrainingService({
      stores: library.stores,
      dbPath: library.dbPath,
      models: new ModelFolders(library.dir, library.stores.models),
      checkpoints,
      events: fixture.events,
      host: () => host,
    });
    datasetId = await importDataset(fixture, { cat: 6, dog: 6 });
  });

  afterEach(() => fixture.remove());

  /** Plays the engine: `count` epochs, each checkpointed (on disk) before its event. */
  async function trainEpochs(runId: RunId, from: number, count: number): Promise<void> {
    const run = host.runs.get(runId)!;
    for (let epoch = from; epoch < from + count; epoch++) {
      await writeCheckpoint(checkpoints.dirOf(runId), {
        state: {
          epoch,
          epochs,
          step: epoch * 2,
          images: epoch * 10,
          trainingMs: 1,
          lastValidationMs: 1,
          lastValidation: null,
          best: null,
          epochsSinceBest: 0,
          kept: null,
          learningRate: 0.001,
          shuffleState: 1,
          augmentState: 2,
          history: Array.from({ length: epoch }, (_, index) => record(index + 1)),
        },
        weights: [],
        keptWeights: null,
        optimizer: [],
      });
      const event: EpochEvent = { kind: 'epoch', runId, seq: epoch, ...record(epoch) };
      run.onEvent(event);
    }
  }

  const epochMetrics = (runId: RunId) => Array.from(training.detail(runId).epochs.epoch);

  it('interrupts a run whose engine died, and continues it from its checkpoint', async () => {
    const { runId, done } = training.start({ datasetId, config: { epochs }, visuals: false });
    expect(host.runs.get(runId)?.request.checkpoint).toEqual({
      dir: checkpoints.dirOf(runId),
      isResuming: false,
    });
    await trainEpochs(runId, 1, 3);
    // A metric of epoch 4, recorded before the engine died with no checkpoint of it.
    fixture.library.stores.runs.addMetric(runId, {
      ...record(4),
      kind: 'epoch',
      step: 4,
      epoch: 4,
      loss: 1,
      accuracy: 0,
      imagesPerSecond: null,
    });
    host.runs.get(runId)?.fail(new EngineExitedError('The engine process was killed by SIGKILL.'));
    expect(await done).toBeNull();
    expect(training.detail(runId)).toMatchObject({
      status: 'interrupted',
      message: 'The engine process was killed by SIGKILL.',
      epochsRun: 3,
      totalEpochs: epochs,
      checkpointEpoch: 3,
    });

    const continued = await training.continue(runId);
    expect(host.runs.get(runId)?.request.checkpoint).toEqual({
      dir: checkpoints.dirOf(runId),
      isResuming: true,
    });
    expect(training.detail(runId)).toMatchObject({
      status: 'preparing',
      message: null,
      epochsRun: 3,
    });
    expect(epochMetrics(runId)).toEqual([1, 2, 3]);
    await expect(training.continue(runId)).rejects.toMatchObject({ code: 'conflict' });

    await trainEpochs(runId, 4, 2);
    host.runs.get(runId)?.finish(outcome({ epochsRun: epochs }));
    expect(await continued.done).toMatchObject({ state: 'completed' });
    expect(epochMetrics(runId)).toEqual([1, 2, 3, 4, 5]);
    expect(training.detail(runId)).toMatchObject({ status: 'completed', checkpointEpoch: null });
    expect(existsSync(checkpoints.dirOf(runId))).toBe(false);
  });

  it('fails a run for good, without its checkpoint, when training itself failed', async () => {
    const { runId, done } = training.start({ datasetId, config: { epochs }, visuals: false });
    await trainEpochs(runId, 1, 1);
    host.runs.get(runId)?.fail(new FoveaError('engine_failed', 'The loss became NaN at step 3.'));
    await done;
    expect(training.detail(runId)).toMatchObject({ status: 'failed', checkpointEpoch: null });
    expect(existsSync(checkpoints.dirOf(runId))).toBe(false);
    await expect(training.continue(runId)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('on quit, interrupts runs with a checkpoint and stops those without', async () => {
    const checkpointed = training.start({ datasetId, config: { epochs }, visuals: false });
    await trainEpochs(checkpointed.runId, 1, 2);
    const fresh = training.start({ datasetId, config: { epochs }, visuals: false });
    await training.stopAll();
    expect(training.detail(checkpointed.runId)).toMatchObject({
      status: 'interrupted',
      checkpointEpoch: 2,
    });
    expect(existsSync(checkpoints.dirOf(checkpointed.runId))).toBe(true);
    expect(training.detail(fresh.runId).status).toBe('stopped');

    await training.delete(checkpointed.runId);
    expect(existsSync(checkpoints.dirOf(checkpointed.runId))).toBe(false);
  });

  it('refuses to continue a run whose checkpoint is gone', async () => {
    const { runId, done } = training.start({ datasetId, config: { epochs }, visuals: false });
    await trainEpochs(runId, 1, 1);
    host.runs.get(runId)?.fail(new EngineExitedError('The engine process exited with code 1.'));
    await done;
    await checkpoints.remove(runId);
    await expect(training.continue(runId)).rejects.toThrow(/no checkpoint/);
    expect(training.detail(runId).checkpointEpoch).toBeNull();
  });
});
