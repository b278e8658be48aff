import { describe, expect, it } from 'vitest';
import { defaultTrainingConfig, presets } from '../../app/engine/common/presets.js';
import { describeModel } from '../../app/engine/common/spec.js';
import type { RunDetail, RunStatus, RunSummary } from '../../app/library/common/runs.js';
import { checkField, recipeRules } from '../../renderer/lib/state/field-rules.js';
import { RecipeStorage } from '../../renderer/lib/state/recipe-storage.js';
import { TrainingState } from '../../renderer/lib/state/training.svelte.js';
import { FakeClient } from './fake-client.js';
import {
  emptySeries as empty,
  input,
  memoryStore,
  trainingOptions as options,
} from './training-fixtures.js';

const summary = (id: number, status: RunStatus): RunSummary =>
  ({ id, datasetId: 1, status, modelName: 'Tiny VGG', testCount: 0 }) as unknown as RunSummary;

function client(runs: RunSummary[]): FakeClient {
  return new FakeClient({
    'training.options': () => options,
    'training.summarize': (_datasetId, spec) => describeModel(spec, input),
    'training.plan': () => ({ train: 34, val: 6, test: 0, lent: 6 }),
    'runs.list': () => runs,
    'runs.get': (id) =>
      ({
        ...runs.find((run) => run.id === id),
        preset: 'tiny-vgg',
        spec: presets.find((preset) => preset.id === 'tiny-vgg')!.spec(2),
        config: { ...defaultTrainingConfig, epochs: 3 },
        batches: empty,
        epochs: empty,
      }) as unknown as RunDetail,
  });
}

describe('the Train setup', () => {
  it('checks a typed number: empty is required, not too small; limits and whole numbers', () => {
    expect(checkField('', recipeRules.epochs).issue).toEqual({ kind: 'required' });
    expect(checkField('0', recipeRules.epochs).issue).toEqual({ kind: 'min', limit: 1 });
    expect(checkField('2.5', recipeRules.epochs).issue).toEqual({ kind: 'whole' });
    expect(checkField('0', recipeRules.learningRate).issue).toEqual({ kind: 'above', limit: 0 });
    expect(checkField('0.001', recipeRules.learningRate)).toEqual({ value: 0.001, issue: null });
  });

  it('keeps the recipe of each dataset and restores it when the dataset opens again', async () => {
    const store = memoryStore();
    const first = new TrainingState(client([]).client, null, new RecipeStorage(store));
    await first.open(1);
    first.setConfig({ epochs: 7 });
    first.choosePreset('tiny-vgg');
    const second = new TrainingState(client([]).client, null, new RecipeStorage(store));
    await second.open(1);
    expect(second.config?.epochs).toBe(7);
    expect(second.presetId).toBe('tiny-vgg');
    await second.open(2);
    expect(second.config?.epochs).toBe(defaultTrainingConfig.epochs);
    expect(second.plan.counts).toEqual({ train: 34, val: 6, test: 0, lent: 6 });
    expect(second.plan.needsSplit).toBe(true);
  });

  it('updates a run status as its events arrive, not only when it ends', async () => {
    const fake = client([summary(4, 'preparing')]);
    const training = new TrainingState(fake.client, null, new RecipeStorage(memoryStore()));
    const stop = training.listen();
    await training.open(1);
    fake.emit('training.event', {
      runId: 4,
      datasetId: 1,
      event: { runId: 4, seq: 1, kind: 'state', state: 'training' },
    });
    expect(training.runs[0]?.status).toBe('training');
    stop();
  });

  it('shows a picked run read-only and makes its settings the draft on request', async () => {
    const training = new TrainingState(
      client([summary(4, 'completed')]).client,
      null,
      new RecipeStorage(memoryStore()),
    );
    await training.open(1);
    expect(training.shownRun).toBeNull();
    await training.watch(4);
    expect(training.shownRun?.id).toBe(4);
    await training.useRunSettings();
    expect(training.shownRun).toBeNull();
    expect(training.presetId).toBe('tiny-vgg');
    expect(training.config?.epochs).toBe(3);
  });
});
