import { describe, expect, it } from 'vitest';
import { defaultTrainingConfig, presets } from '../../app/engine/common/presets.js';
import { describeModel } from '../../app/engine/common/spec.js';
import { FoveaError } from '../../app/base/common/errors.js';
import type { RunDetail, RunStatus, RunSummary } from '../../app/library/common/runs.js';
import { TrainingState } from '../../renderer/lib/state/training.svelte.js';
import { FakeClient } from './fake-client.js';

const input = { size: 64, classes: 2 };
const spec = presets[0]!.spec(2);
const empty = new Float64Array(0);
const series = {
  step: empty,
  epoch: empty,
  loss: empty,
  accuracy: empty,
  valLoss: empty,
  valAccuracy: empty,
};

/** Only the fields the Train area reads. */
const summary = (status: RunStatus): RunSummary =>
  ({
    id: 3,
    datasetId: 1,
    status,
    modelName: 'm',
    checkpointEpoch: 2,
    totalEpochs: 5,
  }) as unknown as RunSummary;

function client(runs: RunSummary[]): FakeClient {
  return new FakeClient({
    'training.options': () => ({
      presets: [
        {
          id: 'fovea-default',
          name: 'n',
          description: 'd',
          spec,
          summary: describeModel(spec, input),
        },
      ],
      defaultPreset: 'fovea-default',
      config: defaultTrainingConfig,
      inputSize: 64,
      classes: 2,
    }),
    'runs.list': () => runs,
    'runs.get': () =>
      ({ ...runs[0]!, spec, batches: series, epochs: series }) as unknown as RunDetail,
  });
}

describe('TrainingState: continuing an interrupted run', () => {
  it('asks the services to continue it, then watches it training', async () => {
    const runs = [summary('interrupted')];
    const fake = client(runs);
    fake.handlers['training.continue'] = (runId) => {
      runs[0] = summary('preparing');
      return { runId };
    };
    const training = new TrainingState(fake.client);
    await training.open(1);
    expect(training.isRunning).toBe(false);
    await training.continueRun(3);
    expect(fake.argsOf('training.continue')).toEqual([[3]]);
    expect(training.watchedRun?.status).toBe('preparing');
    expect(training.isRunning).toBe(true);
  });

  it('says why a run cannot continue', async () => {
    const fake = client([summary('interrupted')]);
    fake.handlers['training.continue'] = () => {
      throw new FoveaError('conflict', 'Run 3 has no checkpoint to continue from.');
    };
    const training = new TrainingState(fake.client);
    await training.open(1);
    await training.continueRun(3);
    expect(training.errors.message).toMatch(/no checkpoint/);
  });
});
