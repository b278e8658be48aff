import { beforeAll, describe, expect, it } from 'vitest';

import { seededRandom } from '../../app/base/common/random.js';
import { defaultTrainingConfig } from '../../app/engine/common/presets.js';
import type { TrainingEvent } from '../../app/engine/common/training.js';
import { initBackend } from '../../app/engine/node/backend.js';
import type { FeatureSplit, HeadRunOptions } from '../../app/engine/node/head-run.js';
import { HeadRun, standardization } from '../../app/engine/node/head-run.js';

const dimension = 6;

/** Two classes whose first feature differs by 3 spreads, on a large offset the head must remove. */
function cluster(count: number, seed: number): FeatureSplit {
  const random = seededRandom(seed);
  const x = new Float32Array(count * dimension);
  const y = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    y[row] = row % 2;
    for (let column = 0; column < dimension; column++)
      x[row * dimension + column] = 100 + random() * 2 + (column === 0 ? y[row]! * 3 : 0);
  }
  return { x, y };
}

function options(onEvent: (event: TrainingEvent) => void, epochs = 8): HeadRunOptions {
  return {
    runId: 1,
    classes: ['a', 'b'],
    dimension,
    features: { train: cluster(80, 1), val: cluster(20, 2), test: cluster(40, 3) },
    config: { ...defaultTrainingConfig, epochs, batchSize: 16, learningRate: 0.05 },
    backend: 'cpu',
    onEvent,
  };
}

describe('HeadRun', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('standardizes with the training split: mean 0, spread 1, constant features left at 1', () => {
    const x = new Float32Array([1, 5, 3, 5]);
    const { mean, spread } = standardization(x, 2);
    expect([...mean]).toEqual([2, 5]);
    expect([...spread]).toEqual([1, 1]);
  });

  it('fits a separable head and reports epochs, curves and a test report as a run does', async () => {
    const events: TrainingEvent[] = [];
    const run = new HeadRun(options((event) => events.push(event)));
    const outcome = await run.run();
    run.dispose();
    expect(outcome).toMatchObject({ state: 'completed', epochsRun: 8, keptEpoch: 8, steps: 40 });
    expect(outcome.test?.count).toBe(40);
    expect(outcome.test?.accuracy).toBeGreaterThan(0.9);
    expect(outcome.test?.confusion.flat().reduce((a, b) => a + b)).toBe(40);
    const epochs = events.filter((event) => event.kind === 'epoch');
    expect(epochs.map((event) => event.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(epochs.at(-1)!.trainLoss).toBeLessThan(epochs[0]!.trainLoss);
    expect(epochs.every((event) => event.valAccuracy !== null)).toBe(true);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const states = events.flatMap((event) => (event.kind === 'state' ? [event.state] : []));
    expect(states).toEqual(['preparing', 'training', 'completed']);
    expect(events.at(-1)!.kind).toBe('final');
  });

  it('pauses and resumes between batches, and stops with the epochs it finished', async () => {
    let run: HeadRun | null = null;
    const states: string[] = [];
    run = new HeadRun(
      options((event) => {
        if (event.kind === 'state') {
          states.push(event.state);
          if (event.state === 'training' && states.length === 2) run!.pause();
          if (event.state === 'paused') setImmediate(() => run!.resume());
        }
        if (event.kind === 'epoch' && event.epoch === 2) run!.stop();
      }, 30),
    );
    const outcome = await run.run();
    run.dispose();
    expect(states).toEqual(['preparing', 'training', 'paused', 'training', 'stopped']);
    expect(outcome).toMatchObject({ state: 'stopped', epochsRun: 2 });
    expect(outcome.test?.count).toBe(40);
  });

  it('hands back its head on raw features, scoring the test split as its report does', async () => {
    const run = new HeadRun(options(() => undefined));
    const outcome = await run.run();
    const head = run.headLayers();
    run.dispose();
    const { x, y } = options(() => undefined).features.test;
    const layer = head.dense[0]!;
    expect(layer.activation).toBe('softmax');
    let correct = 0;
    for (let row = 0; row < y.length; row++) {
      const logits = [0, 1].map((column) => {
        let sum = layer.bias[column]!;
        for (let input = 0; input < dimension; input++)
          sum += x[row * dimension + input]! * layer.kernel[input * 2 + column]!;
        return sum;
      });
      if ((logits[1]! > logits[0]! ? 1 : 0) === y[row]) correct += 1;
    }
    expect(correct / y.length).toBeCloseTo(outcome.test!.accuracy, 5);
  });
});
