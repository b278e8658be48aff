import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerName } from '../../app/engine/common/training.js';
import { createOptimizer } from '../../app/engine/node/train-step.js';
import { quickConfig } from './fixtures.js';

beforeAll(async () => {
  // As the engine does (backend.ts): no "install tfjs-node" banner from the cpu backend.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
});

/** How far one step of `optimizer` moves w from 1 when minimizing w². */
function stepSize(optimizer: tf.Optimizer, weight: tf.Variable): number {
  weight.assign(tf.scalar(1));
  optimizer.minimize(() => weight.square().asScalar());
  return 1 - weight.dataSync()[0]!;
}

describe('createOptimizer', () => {
  it.each<OptimizerName>(['adam', 'sgd'])(
    '%s takes the learning rate a schedule sets before each step',
    (name) => {
      const optimizer = createOptimizer({ ...quickConfig, optimizer: name, learningRate: 0.1 });
      const weight = tf.variable(tf.scalar(1));
      try {
        const first = stepSize(optimizer, weight);
        expect(first).toBeGreaterThan(0);
        optimizer.setLearningRate(0);
        expect(stepSize(optimizer, weight)).toBe(0);
        optimizer.setLearningRate(0.01);
        const small = stepSize(optimizer, weight);
        expect(small).toBeGreaterThan(0);
        expect(small).toBeLessThan(first / 2);
      } finally {
        optimizer.dispose();
        weight.dispose();
      }
    },
  );
});
