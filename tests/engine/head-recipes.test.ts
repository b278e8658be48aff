import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { seededRandom } from '../../app/base/common/random.js';
import type { HeadLayers } from '../../app/engine/common/head-layers.js';
import { defaultTrainingConfig } from '../../app/engine/common/presets.js';
import { initBackend } from '../../app/engine/node/backend.js';
import type { FeatureSplit, HeadRecipe, HeadRunOptions } from '../../app/engine/node/head-run.js';
import { HeadRun } from '../../app/engine/node/head-run.js';

const dimension = 6;

/** Two classes apart by `gap` on feature 0, on an offset of 100 the folded head must remove. */
function cluster(count: number, seed: number, gap = 3): FeatureSplit {
  const random = seededRandom(seed);
  const x = new Float32Array(count * dimension);
  const y = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    y[row] = row % 2;
    for (let column = 0; column < dimension; column++)
      x[row * dimension + column] = 100 + random() * 2 + (column === 0 ? y[row]! * gap : 0);
  }
  return { x, y };
}

function options(recipe: HeadRecipe, train = cluster(80, 1), epochs = 10): HeadRunOptions {
  return {
    runId: 1,
    classes: ['a', 'b'],
    dimension,
    features: { train, val: cluster(20, 2), test: cluster(40, 3) },
    config: { ...defaultTrainingConfig, epochs, batchSize: 16, learningRate: 0.05 },
    recipe,
    backend: 'cpu',
    onEvent: () => undefined,
  };
}

/** The head's class for each row of raw features, computed by hand from its plain layers. */
function predict(head: HeadLayers, x: Float32Array): number[] {
  const rows = x.length / dimension;
  const classes: number[] = [];
  for (let row = 0; row < rows; row++) {
    let values = Array.from(x.subarray(row * dimension, (row + 1) * dimension));
    for (const layer of head.dense) {
      const outputs = layer.bias.length;
      values = Array.from(layer.bias, (bias, column) =>
        values.reduce(
          (sum, value, input) => sum + value * layer.kernel[input * outputs + column]!,
          bias,
        ),
      );
      if (layer.activation === 'relu') values = values.map((value) => Math.max(0, value));
    }
    classes.push(values.indexOf(Math.max(...values)));
  }
  return classes;
}

async function train(recipe: HeadRecipe, train?: FeatureSplit) {
  const run = new HeadRun(options(recipe, train));
  try {
    const outcome = await run.run();
    return { outcome, head: run.headLayers() };
  } finally {
    run.dispose();
  }
}

const linear = { hidden: 0, dropout: 0, weightDecay: 0 };

describe('HeadRun recipes', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('fits an MLP head and hands it back as relu then softmax layers that score as its report', async () => {
    const { outcome, head } = await train({ hidden: 8, dropout: 0.2, weightDecay: 0 });
    expect(head.dense.map((layer) => [layer.activation, layer.kernel.length])).toEqual([
      ['relu', dimension * 8],
      ['softmax', 8 * 2],
    ]);
    expect(outcome.test!.accuracy).toBeGreaterThan(0.9);
    const test = cluster(40, 3);
    const right = predict(head, test.x).filter((label, row) => label === test.y[row]).length;
    expect(right / 40).toBeCloseTo(outcome.test!.accuracy, 5);
  });

  it('repeats itself with dropout, and dropout changes what it learns', async () => {
    const recipe = { hidden: 8, dropout: 0.5, weightDecay: 0 };
    const [first, second, without] = [
      await train(recipe),
      await train(recipe),
      await train({ ...recipe, dropout: 0 }),
    ];
    expect(second.head.dense[1]!.kernel).toEqual(first.head.dense[1]!.kernel);
    expect(without.head.dense[1]!.kernel).not.toEqual(first.head.dense[1]!.kernel);
  });

  it('keeps smaller weights under weight decay', async () => {
    const norm = (head: HeadLayers) => head.dense[0]!.kernel.reduce((sum, w) => sum + w * w, 0);
    const plain = await train(linear);
    const decayed = await train({ ...linear, weightDecay: 0.1 });
    expect(norm(decayed.head)).toBeLessThan(norm(plain.head) / 2);
  });

  it('learns from the flipped embeddings when the plain ones carry no signal', async () => {
    const noise = cluster(80, 1, 0);
    const flipped = { ...noise, flipped: cluster(80, 1).x };
    const without = await train(linear, noise);
    const withFlipped = await train(linear, flipped);
    expect(without.outcome.test!.accuracy).toBeLessThan(0.7);
    expect(withFlipped.outcome.test!.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(withFlipped.outcome.test!.count).toBe(40);
  });

  it('refuses flipped embeddings that do not match the plain ones', () => {
    const train = { ...cluster(80, 1), flipped: new Float32Array(dimension) };
    expect(() => new HeadRun(options(linear, train))).toThrow(/flipped embeddings/);
  });

  it('frees every tensor it made', async () => {
    const before = tf.memory().numTensors;
    await train(
      { hidden: 4, dropout: 0.3, weightDecay: 0.01 },
      { ...cluster(80, 1), flipped: cluster(80, 4).x },
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
