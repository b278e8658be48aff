import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../app/engine/common/training.js';
import type { TrainingRunOptions } from '../../app/engine/node/train.js';
import { TrainingRun } from '../../app/engine/node/train.js';
import {
  darkAndBright,
  MemoryDataSource,
  quickConfig,
  separableSource,
  tinySpec,
} from './fixtures.js';

beforeAll(async () => {
  // As the engine does (backend.ts): no "install tfjs-node" banner from the cpu backend.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
});

function start(overrides: Partial<TrainingRunOptions> = {}) {
  const events: TrainingEvent[] = [];
  const run = new TrainingRun({
    runId: 1,
    spec: tinySpec,
    config: quickConfig,
    data: separableSource(),
    backend: 'cpu',
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return {
    run,
    events,
    states: () => events.filter((event) => event.kind === 'state').map((event) => event.state),
  };
}

describe('TrainingRun', () => {
  it('learns a trivially separable set and reports on the test split', async () => {
    const { run, events, states } = start({ config: { ...quickConfig, epochs: 6 } });
    const outcome = await run.run();
    expect(outcome.state).toBe('completed');
    expect(outcome.steps).toBe(6 * 8);
    expect(outcome.test?.accuracy).toBeGreaterThan(0.8);
    expect(outcome.test?.confusion.flat().reduce((sum, cell) => sum + cell, 0)).toBe(16);
    const epochs = events.filter((event) => event.kind === 'epoch');
    expect(epochs).toHaveLength(6);
    expect(epochs.at(-1)!.trainLoss).toBeLessThan(epochs[0]!.trainLoss);
    expect(states()).toEqual(['preparing', 'training', 'completed']);
    expect(events.at(-2)).toMatchObject({ kind: 'final', state: 'completed' });
    run.model?.dispose();
  });
});

function clockDrivenBy(source: MemoryDataSource, msPerBatch: number) {
  let now = 0;
  source.onRead = (split) => {
    if (split === 'train') now += msPerBatch;
  };
  return { clock: () => now, now: () => now };
}

describe('TrainingRun control', () => {
  it('stops within one batch', async () => {
    const data = separableSource();
    const { run, states } = start({ data, config: { ...quickConfig, epochs: 5 } });
    data.onRead = (_split, reads) => {
      if (reads === 3) run.stop();
    };
    const outcome = await run.run();
    expect(outcome).toMatchObject({ state: 'stopped', steps: 3, epochsRun: 0, test: null });
    expect(data.reads).toBe(3);
    expect(states()).toEqual(['preparing', 'training', 'stopped']);
    run.model?.dispose();
  });

  it('pauses between batches and resumes where it was', async () => {
    const data = separableSource();
    let markPaused!: () => void;
    const paused = new Promise<void>((resolve) => (markPaused = resolve));
    const states: string[] = [];
    const { run } = start({
      data,
      onEvent: (event) => {
        if (event.kind !== 'state') return;
        states.push(event.state);
        if (event.state === 'paused') markPaused();
      },
    });
    data.onRead = (_split, reads) => {
      if (reads === 2) run.pause();
    };
    const finished = run.run();
    await paused;
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(run.state).toBe('paused');
    expect(data.reads).toBe(2);
    run.resume();
    const outcome = await finished;
    expect(outcome).toMatchObject({ state: 'completed', steps: 3 * 8 });
    expect(states).toEqual(['preparing', 'training', 'paused', 'training', 'completed']);
    run.model?.dispose();
  });

  it('can be stopped while paused', async () => {
    const data = separableSource();
    const events: string[] = [];
    const run = new TrainingRun({
      runId: 2,
      spec: tinySpec,
      config: quickConfig,
      data,
      backend: 'cpu',
      onEvent: (event) => {
        if (event.kind === 'state') {
          events.push(event.state);
          if (event.state === 'paused') run.stop();
        }
      },
    });
    data.onRead = (_split, reads) => {
      if (reads === 1) run.pause();
    };
    const outcome = await run.run();
    expect(outcome).toMatchObject({ state: 'stopped', steps: 1 });
    expect(events).toEqual(['preparing', 'training', 'paused', 'stopped']);
    run.model?.dispose();
  });
});

describe('TrainingRun events', () => {
  it('throttles progress with the injected clock and numbers every event', async () => {
    const data = separableSource();
    const { clock, now } = clockDrivenBy(data, 40);
    const progressTimes: number[] = [];
    const seen: TrainingEvent[] = [];
    const throttled = new TrainingRun({
      runId: 3,
      spec: tinySpec,
      config: quickConfig,
      data,
      backend: 'cpu',
      clock,
      onEvent: (event) => {
        seen.push(event);
        if (event.kind === 'progress') progressTimes.push(now());
      },
    });
    const outcome = await throttled.run();
    const progress = seen.filter((event) => event.kind === 'progress');
    // 24 batches of 40 ms: one progress event per 4 batches (160 ms ≥ 125 ms).
    expect(progress.map((event) => event.step)).toEqual([1, 5, 9, 13, 17, 21]);
    for (let index = 1; index < progressTimes.length; index++)
      expect(progressTimes[index]! - progressTimes[index - 1]!).toBeGreaterThanOrEqual(125);
    expect(seen.map((event) => event.seq)).toEqual(seen.map((_event, index) => index + 1));
    expect(progress[0]).toMatchObject({
      runId: 3,
      epoch: 1,
      epochs: 3,
      batchesPerEpoch: 8,
      totalSteps: 24,
      backend: 'cpu',
      valLoss: null,
    });
    expect(progress[0]!.imagesPerSecond).toBeCloseTo(8 / 0.04);
    expect(progress.at(-1)!.valLoss).not.toBeNull();
    expect(seen.filter((event) => event.kind === 'epoch')).toHaveLength(3);
    expect(outcome.steps).toBe(24);
    throttled.model?.dispose();
  });

  it('does not leak tensors across 100 steps (augmentation on)', async () => {
    const data = separableSource();
    const { clock } = clockDrivenBy(data, 1000);
    const counts = new Map<number, number>();
    const run = new TrainingRun({
      runId: 4,
      spec: tinySpec,
      config: {
        ...quickConfig,
        epochs: 13,
        augment: {
          flip: true,
          shift: 0.1,
          rotation: 10,
          zoom: 0.1,
          brightness: 0.1,
          contrast: 0.2,
        },
      },
      data,
      backend: 'cpu',
      clock,
      onEvent: (event) => {
        if (event.kind === 'progress' && (event.step === 10 || event.step === 100))
          counts.set(event.step, tf.memory().numTensors);
      },
    });
    const before = tf.memory().numTensors;
    await run.run();
    expect(counts.get(10)).toBeDefined();
    expect(counts.get(100)).toBe(counts.get(10));
    run.model?.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Validation labels are the opposite of training's: the better it fits, the worse val gets. */
function divergingValidation(): MemoryDataSource {
  const val = darkAndBright(16, 8, 2);
  return new MemoryDataSource(8, {
    train: darkAndBright(64, 8, 1),
    val: { x: val.x, y: val.y.map((label) => 1 - label) },
    test: darkAndBright(16, 8, 3),
  });
}

/** A copy of the model's weights as plain arrays. */
function weightValues(model: tf.LayersModel): number[][] {
  return model.getWeights().map((weight) => Array.from(weight.dataSync()));
}

describe('TrainingRun early stopping', () => {
  it('stops when validation loss stops improving and restores the best weights', async () => {
    const data = divergingValidation();
    let bestWeights: number[][] = [];
    const run: TrainingRun = new TrainingRun({
      runId: 5,
      spec: tinySpec,
      config: { ...quickConfig, epochs: 30, patience: 2 },
      data,
      backend: 'cpu',
      onEvent: (event) => {
        if (event.kind === 'epoch' && event.isBest) bestWeights = weightValues(run.model!);
      },
    });
    const outcome = await run.run();
    expect(outcome.stoppedEarly).toBe(true);
    expect(outcome.keptEpoch).toBe(outcome.epochsRun - 2);
    expect(outcome.epochsRun).toBeLessThan(30);
    expect(weightValues(run.model!)).toEqual(bestWeights);
    run.model?.dispose();
  });
});

describe('TrainingRun weights kept and learning-rate schedule', () => {
  it('ends with the last epoch when restoreBest is off, whatever validation says', async () => {
    const data = divergingValidation();
    let lastWeights: number[][] = [];
    const epochs: { isBest: boolean; isKept: boolean }[] = [];
    const run: TrainingRun = new TrainingRun({
      runId: 6,
      spec: tinySpec,
      config: { ...quickConfig, epochs: 6, restoreBest: false },
      data,
      backend: 'cpu',
      onEvent: (event) => {
        if (event.kind !== 'epoch') return;
        epochs.push({ isBest: event.isBest, isKept: event.isKept });
        lastWeights = weightValues(run.model!);
      },
    });
    const outcome = await run.run();
    expect(epochs.some((epoch) => !epoch.isBest)).toBe(true);
    expect(epochs.every((epoch) => epoch.isKept)).toBe(true);
    expect(outcome.keptEpoch).toBe(6);
    expect(weightValues(run.model!)).toEqual(lastWeights);
    run.model?.dispose();
  });

  it('trains each batch at the rate of its schedule', async () => {
    const { run, events } = start({
      config: { ...quickConfig, epochs: 4, schedule: 'cosine', learningRate: 0.02 },
    });
    await run.run();
    const rates = events.flatMap((event) => (event.kind === 'epoch' ? [event.learningRate] : []));
    // 8 batches an epoch, 32 in all: each epoch reports the rate of its last batch.
    const expected = [7, 15, 23, 31].map((step) => 0.01 * (1 + Math.cos((Math.PI * step) / 32)));
    expect(rates).toHaveLength(4);
    rates.forEach((rate, index) => expect(rate).toBeCloseTo(expected[index]!, 12));
    run.model?.dispose();
  });
});

describe('TrainingRun settings', () => {
  it('trains with SGD + momentum, dropout and batch norm', async () => {
    const { run } = start({
      spec: {
        name: 'bn',
        layers: [
          { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same', activation: 'linear' },
          { type: 'batchNorm' },
          { type: 'avgPool2d', poolSize: 2 },
          { type: 'flatten' },
          { type: 'dropout', rate: 0.2 },
          { type: 'dense', units: 2, activation: 'softmax' },
        ],
      },
      config: { ...quickConfig, optimizer: 'sgd', learningRate: 0.05, epochs: 4 },
    });
    const outcome = await run.run();
    expect(outcome.test!.accuracy).toBeGreaterThan(0.8);
    run.model?.dispose();
  });

  it('fails with a clear message on invalid settings', async () => {
    const { run, events } = start({ config: { ...quickConfig, batchSize: 0 } });
    await expect(run.run()).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('batchSize') as unknown,
    });
    expect(events.at(-1)).toMatchObject({ kind: 'state', state: 'failed' });
    expect(run.model).toBeNull();
  });
});
