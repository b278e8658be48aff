import { describe, expect, it } from 'vitest';
import { defaultTrainingConfig } from '../../app/engine/common/presets.js';
import { describeModel } from '../../app/engine/common/spec.js';
import { mobileNetV2 } from '../../app/engine/common/backbones.js';
import type { RunDetail, RunSummary } from '../../app/library/common/runs.js';
import { RecipeStorage } from '../../renderer/lib/state/recipe-storage.js';
import { TrainingState } from '../../renderer/lib/state/training.svelte.js';
import { FakeClient } from './fake-client.js';
import {
  emptySeries as empty,
  input,
  memoryStore,
  trainingOptions as options,
} from './training-fixtures.js';

function client(): FakeClient {
  const run = { id: 9, datasetId: 1, status: 'preparing', modelName: 'MobileNetV2', testCount: 4 };
  return new FakeClient({
    'training.options': () => options,
    'training.summarize': (_datasetId, spec) => describeModel(spec, input),
    'training.plan': () => ({ train: 34, val: 6, test: 4, lent: 0 }),
    'training.start': () => ({ runId: 9 }),
    'runs.list': () => [run as unknown as RunSummary],
    'runs.get': () =>
      ({
        ...run,
        preset: 'mobilenet-v2',
        spec: { name: 'MobileNetV2 + head', layers: [] },
        config: { ...defaultTrainingConfig, epochs: 12, learningRate: 0.01 },
        pretrained: {
          backbone: 'mobilenet-v2',
          layers: ['out_relu'],
          hidden: 32,
          dropout: 0.2,
          weightDecay: 0,
          flip: true,
          fineTune: 1,
        },
        batches: empty,
        epochs: empty,
      }) as unknown as RunDetail,
  });
}

describe('the Train area start: pretrained or from scratch', () => {
  it('starts a new user from the pretrained backbone, sending the head settings and the fit', async () => {
    const fake = client();
    const training = new TrainingState(fake.client, null, new RecipeStorage(memoryStore()));
    await training.open(1);
    expect(training.startFrom.from).toBe('mobilenet-v2');
    expect(training.startFrom.summary?.head[0]?.units).toBe(2);
    training.setPretrained({ hidden: 64 });
    await training.start();
    expect(fake.argsOf('training.start')).toEqual([
      [
        {
          datasetId: 1,
          from: 'mobilenet-v2',
          pretrained: { hidden: 64 },
          config: { epochs: 30, learningRate: 0.001, fit: 'squash' },
        },
      ],
    ]);
  });

  it('remembers the choice and the head settings per dataset, like the rest of the form', async () => {
    const store = memoryStore();
    const first = new TrainingState(client().client, null, new RecipeStorage(store));
    await first.open(1);
    first.chooseStart('scratch');
    first.setHead({ epochs: 5 });
    first.setPretrained({ fineTune: 2 });
    const fake = client();
    const second = new TrainingState(fake.client, null, new RecipeStorage(store));
    await second.open(1);
    expect(second.startFrom.from).toBe('scratch');
    expect(second.startFrom.head.epochs).toBe(5);
    expect(second.startFrom.recipe).toEqual({ fineTune: 2 });
    await second.start();
    const [[request]] = fake.argsOf('training.start') as [[Record<string, unknown>]];
    expect(request).toMatchObject({ datasetId: 1, presetId: 'fovea-default' });
    expect(request).not.toHaveProperty('from');
    await second.open(2);
    expect(second.startFrom.from).toBe('mobilenet-v2');
  });

  it('ignores what a hand-edited entry holds of the wrong type', async () => {
    const store = memoryStore();
    const spec = options.presets[0]!.spec;
    const start = { from: 'nonsense', pretrained: { hidden: 'many', layers: 3, flip: true } };
    store.setItem(
      'fovea.recipe.1',
      JSON.stringify({ presetId: 'custom', spec, config: {}, start }),
    );
    const training = new TrainingState(client().client, null, new RecipeStorage(store));
    await training.open(1);
    expect(training.startFrom.from).toBe('mobilenet-v2');
    expect(training.startFrom.recipe).toEqual({ flip: true });
  });

  it('offers the backbones it is given, and falls back when the chosen one goes', async () => {
    const training = new TrainingState(client().client, null, new RecipeStorage(memoryStore()));
    await training.open(1);
    // BackboneId widens to any string once downloadable backbones are in the registry.
    const other = {
      ...mobileNetV2,
      id: 'mobilenet-v3',
      name: 'MobileNetV3',
    } as unknown as typeof mobileNetV2;
    training.startFrom.setChoices([other, mobileNetV2]);
    training.chooseStart('mobilenet-v3');
    expect(training.startFrom.backbone?.name).toBe('MobileNetV3');
    expect(training.startFrom.summary?.backboneName).toBe('MobileNetV3');
    training.startFrom.setChoices([mobileNetV2]);
    expect(training.startFrom.from).toBe('mobilenet-v2');
    training.startFrom.setChoices([]);
    expect(training.startFrom.from).toBe('scratch');
  });

  it('shows the watched run embedding until its head starts training', async () => {
    const fake = client();
    const training = new TrainingState(fake.client, null, new RecipeStorage(memoryStore()));
    const stop = training.listen();
    await training.open(1);
    await training.start();
    fake.emit('training.embedding', {
      runId: 9,
      datasetId: 1,
      done: 10,
      total: 40,
      cached: 4,
      secondsLeft: 6,
    });
    expect(training.embedding).toEqual({ done: 10, total: 40, cached: 4, secondsLeft: 6 });
    fake.emit('training.embedding', {
      runId: 8,
      datasetId: 1,
      done: 1,
      total: 2,
      cached: 0,
      secondsLeft: null,
    });
    expect(training.embedding?.done).toBe(10);
    fake.emit('training.event', {
      runId: 9,
      datasetId: 1,
      event: {
        kind: 'progress',
        runId: 9,
        seq: 2,
        step: 1,
        totalSteps: 10,
        epoch: 1,
        epochs: 10,
        loss: 0.5,
        accuracy: 0.5,
        imagesPerSecond: 100,
        etaSeconds: 1,
        backend: 'wasm',
      } as never,
    });
    expect(training.embedding).toBeNull();
    stop();
  });

  it("makes a pretrained run's recipe the draft again", async () => {
    const training = new TrainingState(client().client, null, new RecipeStorage(memoryStore()));
    await training.open(1);
    training.chooseStart('scratch');
    await training.watch(9);
    await training.useRunSettings();
    expect(training.startFrom.from).toBe('mobilenet-v2');
    expect(training.startFrom.recipe).toEqual({
      layers: ['out_relu'],
      hidden: 32,
      dropout: 0.2,
      weightDecay: 0,
      flip: true,
      fineTune: 1,
    });
    expect(training.startFrom.head).toEqual({ epochs: 12, learningRate: 0.01 });
    expect(training.shownRun).toBeNull();
  });
});
