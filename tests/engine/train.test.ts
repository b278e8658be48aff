import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../app/engine/common/training.js';
import type { TrainingRunOptions } from '../../app/engine/node/train.js';
import { TrainingRun } from '../../app/engine/node/train.js';
import { darkAndBright, MemoryDataSource, quickConfig, separableSource, tinySpec } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function start(overrides: Partial<TrainingRunOptions> = {}) {
  const events: TrainingEvent[] = [];
  const run = new TrainingRun({
    runId: 'run-1',
    spec: tinySpec,
    config: quickConfig,
    data: separableSource(),
    backend: 'cpu',
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { run, events, states: () => events.filter((event) => event.kind === 'state').map((event) => event.state) };
}

describe('TrainingRun', () => {
  it('learns a trivially separable set and reports on the test split', async () => {
    const { run, events, states } = start({ config: { ...quickConfig, epochs: 4 } });
    const outcome = await run.run();
    expect(outcome.state).toBe('completed');
    expect(outcome.steps).toBe(4 * 8);
    expect(outcome.test?.accuracy).toBeGreaterThan(0.9);
    expect(outcome.test?.confusion.flat().reduce((sum, cell) => sum + cell, 0)).toBe(16);
    const epochs = events.filter((event) => event.kind === 'epoch');
    expect(epochs).toHaveLength(4);
    expect(epochs.at(-1)!.trainLoss).toBeLessThan(epochs[0]!.trainLoss);
    expect(states()).toEqual(['preparing', 'training', 'completed']);
    expect(events.at(-2)).toMatchObject({ kind: 'final', state: 'completed' });
    run.model?.dispose();
  });
});
