import { describe, expect, it } from 'vitest';
import { defaultTrainingConfig, presets } from '../../app/engine/common/presets.js';
import { describeModel } from '../../app/engine/common/spec.js';
import type { TrainingEvent } from '../../app/engine/common/training.js';
import { FoveaError } from '../../app/base/common/errors.js';
import type { RunDetail, RunStatus, RunSummary } from '../../app/library/common/runs.js';
import { TrainingState } from '../../renderer/lib/state/training.svelte.js';
import { WatchState } from '../../renderer/lib/state/watch.svelte.js';
import { FakeClient } from './fake-client.js';
import { input, trainingOptions as options } from './training-fixtures.js';

/** Only the fields the Train area reads. */
const run = (id: number, status: RunStatus): RunSummary =>
  ({ id, datasetId: 1, status, modelName: 'Fovea default' }) as unknown as RunSummary;

const series = (values: number[]) => ({
  step: Float64Array.from(values.map((_, i) => i + 1)),
  epoch: Float64Array.from(values.map((_, i) => i + 1)),
  loss: Float64Array.from(values),
  accuracy: Float64Array.from(values),
  valLoss: Float64Array.from(values.map(() => Number.NaN)),
  valAccuracy: Float64Array.from(values),
});

const detail = (id: number, status: RunStatus): RunDetail =>
  ({
    ...run(id, status),
    spec: presets[0]!.spec(2),
    batches: series([0.9, 0.5]),
    epochs: series([0.7]),
  }) as unknown as RunDetail;

/** A library with one dataset whose runs are `runs`; each run's detail comes from `detail`. */
function trainingClient(runs: RunSummary[]): FakeClient {
  return new FakeClient({
    'training.options': () => options,
    'training.summarize': (_datasetId, spec) => describeModel(spec, input),
    'runs.list': () => runs,
    'runs.get': (id) => detail(id, runs.find((r) => r.id === id)?.status ?? 'completed'),
    'watch.snapshots': () => [],
    'watch.probe': () => null,
    'images.index': () => ({
      ids: new Int32Array(0),
      classIds: new Int32Array(0),
      splits: new Uint8Array(0),
      statuses: new Uint8Array(0),
    }),
  });
}

const event = (value: object): TrainingEvent => value as TrainingEvent;

describe('TrainingState', () => {
  it('opens a dataset on its default preset and watches its latest run from stored metrics', async () => {
    const fake = trainingClient([run(5, 'completed'), run(4, 'stopped')]);
    const training = new TrainingState(fake.client);
    await training.open(1);
    expect(training.presetId).toBe('fovea-default');
    expect(training.spec?.name).toBe(options.presets[0]?.spec.name);
    expect(training.config).toEqual(defaultTrainingConfig);
    expect(training.watchedRun?.id).toBe(5);
    expect(training.isRunning).toBe(false);
    expect(training.curves.loss).toEqual([0.9, 0.5]);
    // A missing validation value is a gap in the chart, not a NaN.
    expect(training.curves.valLoss).toEqual([null]);
  });

  it('makes an edited model custom and asks the services for its summary', async () => {
    const fake = trainingClient([]);
    const training = new TrainingState(fake.client);
    await training.open(1);
    const layers = training.spec?.layers.length ?? 0;
    await training.editLayer(0, null);
    expect(training.presetId).toBe('custom');
    expect(training.spec?.layers).toHaveLength(layers - 1);
    expect(fake.argsOf('training.summarize')).toHaveLength(1);
    training.choosePreset('ref-cnn');
    expect(training.presetId).toBe('ref-cnn');
  });

  it("starts Learn's short run: TinyVGG for a few epochs, leaving the recipe as it was", async () => {
    const runs: RunSummary[] = [];
    const fake = trainingClient(runs);
    fake.handlers['training.start'] = () => {
      runs.unshift(run(7, 'preparing'));
      return { runId: 7 };
    };
    const training = new TrainingState(fake.client);
    await training.open(1);
    await training.startQuick();
    const [request] = (fake.argsOf('training.start')[0] ?? []) as [
      { datasetId: number; presetId: string; config: { epochs: number } },
    ];
    expect(request).toMatchObject({ datasetId: 1, presetId: 'tiny-vgg' });
    expect(request.config.epochs).toBeLessThanOrEqual(20);
    expect(training.watchedRun?.id).toBe(7);
    expect(training.isRunning).toBe(true);
    expect(training.presetId).toBe('fovea-default');
    expect(training.config).toEqual(defaultTrainingConfig);
  });

  it('starts a run and draws its curves from its events only', async () => {
    const runs: RunSummary[] = [];
    const fake = trainingClient(runs);
    fake.handlers['training.start'] = () => {
      runs.unshift(run(9, 'preparing'));
      return { runId: 9 };
    };
    const training = new TrainingState(fake.client);
    const stop = training.listen();
    await training.open(1);
    training.chooseStart('scratch');
    training.setConfig({ epochs: 3 });
    await training.start();
    expect(fake.argsOf('training.start')[0]).toEqual([
      { datasetId: 1, presetId: 'fovea-default', config: { ...defaultTrainingConfig, epochs: 3 } },
    ]);
    expect(training.engineState).toBe('preparing');
    expect(training.isRunning).toBe(true);

    fake.emit('training.event', {
      runId: 9,
      datasetId: 1,
      event: event({ kind: 'progress', step: 1, loss: 0.8, accuracy: 0.5 }),
    });
    fake.emit('training.event', {
      runId: 8,
      datasetId: 1,
      event: event({ kind: 'progress', step: 7, loss: 9, accuracy: 0 }),
    });
    fake.emit('training.event', {
      runId: 9,
      datasetId: 1,
      event: event({
        kind: 'epoch',
        epoch: 1,
        trainLoss: 0.7,
        trainAccuracy: 0.6,
        valLoss: null,
        valAccuracy: null,
      }),
    });
    expect(training.engineState).toBe('training');
    expect(training.curves.steps).toEqual([1]);
    expect(training.curves.loss).toEqual([0.8]);
    expect(training.curves.trainLoss).toEqual([0.7]);
    stop();
    expect(fake.listenerCount).toBe(0);
  });

  it('reads a run again from its stored metrics once it has ended', async () => {
    const runs = [run(9, 'training')];
    const fake = trainingClient(runs);
    const training = new TrainingState(fake.client);
    const stop = training.listen();
    await training.open(1);
    expect(training.isRunning).toBe(true);
    runs[0] = run(9, 'completed');
    fake.emit('runs.changed', { datasetId: 1, runId: 9 });
    await expect.poll(() => training.isRunning).toBe(false);
    await expect.poll(() => training.curves.loss).toEqual([0.9, 0.5]);
    stop();
  });

  it('lets the Watch panel follow the watched run, live while it trains', async () => {
    const fake = trainingClient([run(3, 'training')]);
    const watch = new WatchState(fake.client);
    const training = new TrainingState(fake.client, watch);
    await training.open(1);
    await expect.poll(() => watch.runId).toBe(3);
    expect(fake.argsOf('watch.snapshots')).toEqual([[3]]);
  });

  it('shows a failed call and a failed run in its error banner, and clears it on success', async () => {
    const fake = trainingClient([run(2, 'training')]);
    fake.handlers['training.pause'] = () => {
      throw new FoveaError('conflict', 'The run is not training.');
    };
    const training = new TrainingState(fake.client);
    const stop = training.listen();
    await training.open(1);
    await training.pause();
    expect(training.errors.message).toBe('The run is not training.');
    training.errors.clear();
    fake.emit('training.event', {
      runId: 2,
      datasetId: 1,
      event: event({ kind: 'state', state: 'failed', message: 'Out of memory.' }),
    });
    expect(training.engineState).toBe('failed');
    expect(training.errors.message).toBe('Out of memory.');
    await training.watch(2);
    expect(training.errors.message).toBeNull();
    stop();
  });

  it('forgets everything on reset', async () => {
    const training = new TrainingState(trainingClient([run(1, 'completed')]).client);
    await training.open(1);
    training.reset();
    expect(training.options).toBeNull();
    expect(training.runs).toEqual([]);
    expect(training.watchedRun).toBeNull();
    expect(training.curves.loss).toEqual([]);
  });
});
