/**
 * A whole small tf.layers model on wasm with Fovea's kernels against the cpu backend: the gradients
 * of every weight, then the weights after a few Adam steps taken the way the product trains
 * (optimizer.minimize around model.apply).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { seededRandom } from '../../app/base/common/random.js';
import { initBackend } from '../../app/engine/node/backend.js';

// As the engine starts it: threaded wasm where there are several cores (kernels.test.ts covers
// the single-threaded module, kernels-threads.test.ts the threaded one on any machine).
beforeAll(async () => {
  await initBackend('wasm');
});

function values(size: number, seed: number, scale = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => (random() * 2 - 1) * scale);
}

/** conv→pool→conv(stride 2)→pool→flatten→dense→dense, every weight set from a seed. */
function buildModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [16, 16, 3],
      filters: 6,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(
    tf.layers.conv2d({
      filters: 8,
      kernelSize: 3,
      strides: 2,
      padding: 'valid',
      activation: 'relu',
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  model.setWeights(
    model.getWeights().map((weight, index) => {
      const fanIn = weight.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      return tf.tensor(values(weight.size, 100 + index, 1 / Math.sqrt(fanIn)), weight.shape);
    }),
  );
  return model;
}

const batch = 4;
const inputs = () => tf.tensor(values(batch * 16 * 16 * 3, 7).map(Math.abs), [batch, 16, 16, 3]);
const labels = () => tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3);

function loss(model: tf.Sequential, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const probabilities = model.apply(x, { training: true }) as tf.Tensor;
  return tf.losses.softmaxCrossEntropy(y, probabilities.add(1e-7).log());
}

async function onBackend(
  backend: 'wasm' | 'cpu',
  work: (model: tf.Sequential) => tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const model = buildModel();
  const results = work(model);
  const read = await Promise.all(results.map((tensor) => tensor.data() as Promise<Float32Array>));
  tf.dispose(results);
  model.dispose();
  return read;
}

function expectClose(fovea: Float32Array[], reference: Float32Array[], bound: number): void {
  expect(fovea).toHaveLength(reference.length);
  reference.forEach((expected, index) => {
    const actual = fovea[index] ?? new Float32Array();
    const scale = Math.max(...expected.map(Math.abs), 1e-6);
    const difference = Math.max(...expected.map((value, i) => Math.abs(value - (actual[i] ?? 0))));
    expect(difference / scale, `weight ${index}`).toBeLessThan(bound);
  });
}

describe('a small CNN on wasm with Fovea kernels', () => {
  it('has the same gradients as on cpu', async () => {
    const gradients = (model: tf.Sequential) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => loss(model, inputs(), labels()));
        return model.trainableWeights.map((weight) => {
          const gradient = grads[weight.name];
          if (gradient === undefined) throw new Error(`No gradient for ${weight.name}`);
          return gradient;
        });
      });
    const fovea = await onBackend('wasm', gradients);
    const reference = await onBackend('cpu', gradients);
    await tf.setBackend('wasm');
    expectClose(fovea, reference, 1e-4);
  });

  it('runs each convolution with its bias and ReLU as one kernel while training', async () => {
    await tf.setBackend('wasm');
    const model = buildModel();
    const x = inputs();
    const y = labels();
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => loss(model, x, y));
        tf.dispose([value, ...Object.values(grads)]);
      });
    step();
    const before = tf.memory().numTensors;
    const kernelNames = (await tf.profile(step)).kernels.map((kernel) => kernel.name);
    expect(tf.memory().numTensors).toBe(before);
    expect(kernelNames.filter((name) => name === 'FusedConv2D')).toHaveLength(2);
    expect(kernelNames).not.toContain('Conv2D');
    // The first layer's input needs no gradient: one Conv2DBackpropInput, for the second conv.
    expect(kernelNames.filter((name) => name === 'Conv2DBackpropInput')).toHaveLength(1);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('takes the same Adam steps as on cpu', async () => {
    const train = (model: tf.Sequential) => {
      const optimizer = tf.train.adam(1e-2);
      const x = inputs();
      const y = labels();
      for (let step = 0; step < 3; step++) {
        optimizer.minimize(() => loss(model, x, y), true)?.dispose();
      }
      tf.dispose([x, y]);
      optimizer.dispose();
      return model.getWeights().map((weight) => weight.clone());
    };
    const fovea = await onBackend('wasm', train);
    const reference = await onBackend('cpu', train);
    await tf.setBackend('wasm');
    expectClose(fovea, reference, 1e-4);
  });
});
