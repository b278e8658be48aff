import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../app/base/common/random.js';
import type {
  EpochEvent,
  TrainingConfig,
  TrainingEvent,
} from '../../app/engine/common/training.js';
import { initBackend } from '../../app/engine/node/backend.js';
import { checkpointPath, readCheckpoint } from '../../app/engine/node/checkpoint-file.js';
import { TrainingRun } from '../../app/engine/node/train.js';
import { folderCheckpoints } from '../../app/engine/node/train-checkpoint.js';
import type { TrainingObserver } from '../../app/engine/node/visuals.js';
import { temporaryFolders } from '../support/temp-folders.js';
import { quickConfig, separableSource, tinySpec } from './fixtures.js';

const temporaryFolder = temporaryFolders();

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Augmentation and a decaying rate on, so the generators and the schedule both matter. */
const config: TrainingConfig = {
  ...quickConfig,
  epochs: 4,
  schedule: 'cosine',
  restoreBest: false,
  augment: { flip: true, shift: 0.1, rotation: 10, zoom: 0.1, brightness: 0.1, contrast: 0.1 },
};

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((weight) => weight.dataSync().slice() as Float32Array);
}

interface Trained {
  readonly epochs: EpochEvent[];
  readonly events: TrainingEvent[];
  readonly weights: Float32Array[];
  /** The weights the observer saw at the start (a resumed run: straight after the restore). */
  readonly startWeights: Float32Array[];
}

/** Trains with checkpoints in `dir`; `stopAfterEpoch` stops the run as that epoch ends. */
async function train(
  dir: string | null,
  options: {
    isResuming?: boolean;
    stopAfterEpoch?: number;
    trainConfig?: TrainingConfig;
    backend?: 'cpu' | 'wasm';
  } = {},
): Promise<Trained> {
  const events: TrainingEvent[] = [];
  let startWeights: Float32Array[] = [];
  const observer: TrainingObserver = {
    start: (model) => (startWeights = weightsOf(model)),
    afterStep: () => undefined,
    afterEpoch: () => undefined,
  };
  const run: TrainingRun = new TrainingRun({
    runId: 1,
    spec: tinySpec,
    config: options.trainConfig ?? config,
    data: separableSource(),
    backend: options.backend ?? 'cpu',
    observer,
    onEvent: (event) => {
      events.push(event);
      if (event.kind === 'epoch' && event.epoch === options.stopAfterEpoch) run.stop();
    },
    ...(dir === null ? {} : { checkpoints: folderCheckpoints(dir, options.isResuming ?? false) }),
  });
  await run.run();
  const weights = weightsOf(run.model!);
  run.model?.dispose();
  const epochs = events.filter((event): event is EpochEvent => event.kind === 'epoch');
  return { epochs, events, weights, startWeights };
}

describe('a run resumed from its checkpoint', () => {
  it('restores exactly and goes on as if never interrupted', async () => {
    const whole = await train(null);
    const dir = temporaryFolder('fovea-checkpoint-');
    const interrupted = await train(dir, { stopAfterEpoch: 2 });
    expect(interrupted.epochs.map((event) => event.epoch)).toEqual([1, 2]);

    const checkpoint = await readCheckpoint(dir);
    expect(checkpoint?.state).toMatchObject({ epoch: 2, epochs: 4 });
    expect(checkpoint?.state.history.map((record) => record.epoch)).toEqual([1, 2]);
    const resumed = await train(dir, { isResuming: true });

    // The weights right after the restore are the checkpoint's, bit for bit.
    expect(resumed.startWeights).toEqual(checkpoint?.weights.map((tensor) => tensor.values));
    // The rest of the epochs, and the end, are the uninterrupted run's: same shuffles,
    // augmentations, learning rates and optimizer steps.
    expect(resumed.epochs.map((event) => event.epoch)).toEqual([3, 4]);
    expect(resumed.epochs).toEqual(
      whole.epochs.slice(2).map((event) => ({ ...event, seq: expect.any(Number) as number })),
    );
    expect(resumed.weights).toEqual(whole.weights);
    expect(resumed.events.at(-2)).toMatchObject({
      kind: 'final',
      state: 'completed',
      epochsRun: 4,
    });
  });

  it('keeps SGD momentum too, and the kept epoch of restoreBest', async () => {
    const sgd: TrainingConfig = { ...config, optimizer: 'sgd', restoreBest: true, epochs: 3 };
    const whole = await train(null, { trainConfig: sgd });
    const dir = temporaryFolder('fovea-checkpoint-');
    await train(dir, { stopAfterEpoch: 1, trainConfig: sgd });
    const resumed = await train(dir, { isResuming: true, trainConfig: sgd });
    expect(resumed.epochs).toEqual(
      whole.epochs.slice(1).map((event) => ({ ...event, seq: expect.any(Number) as number })),
    );
    expect(resumed.weights).toEqual(whole.weights);
  });

  it('writes the checkpoint whole, and refuses one of another length', async () => {
    const dir = temporaryFolder('fovea-checkpoint-');
    await train(dir, { stopAfterEpoch: 1 });
    expect(existsSync(checkpointPath(dir))).toBe(true);
    expect(existsSync(`${checkpointPath(dir)}.partial`)).toBe(false);
    await expect(
      train(dir, { isResuming: true, trainConfig: { ...config, epochs: 5 } }),
    ).rejects.toThrow(/4-epoch run/);
    const empty = temporaryFolder('fovea-checkpoint-');
    await expect(train(empty, { isResuming: true })).rejects.toThrow(/no checkpoint/);
  });
});

describe('a run resumed from its checkpoint on wasm', () => {
  // The single-threaded module: on the threaded one two uninterrupted runs already differ in
  // the last bits (with tfjs' own Adam too), so "as if never interrupted" cannot be exact there.
  beforeAll(async () => {
    await initBackend('wasm', { wasmThreads: 1 });
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it("goes on as if never interrupted with Fovea's kernels and fused Adam", async () => {
    const short: TrainingConfig = { ...config, epochs: 3 };
    const whole = await train(null, { trainConfig: short, backend: 'wasm' });
    const dir = temporaryFolder('fovea-checkpoint-');
    await train(dir, { stopAfterEpoch: 1, trainConfig: short, backend: 'wasm' });
    const resumed = await train(dir, { isResuming: true, trainConfig: short, backend: 'wasm' });
    expect(resumed.epochs).toEqual(
      whole.epochs.slice(1).map((event) => ({ ...event, seq: expect.any(Number) as number })),
    );
    expect(resumed.weights).toEqual(whole.weights);
  });
});

describe('seededRandom', () => {
  it('goes on with the same sequence from its state', () => {
    const random = seededRandom(42);
    for (let draw = 0; draw < 10; draw++) random();
    const copy = seededRandom(random.state());
    expect(Array.from({ length: 5 }, () => copy())).toEqual(
      Array.from({ length: 5 }, () => random()),
    );
  });
});
