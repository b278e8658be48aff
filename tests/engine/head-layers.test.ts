import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { seededRandom } from '../../app/base/common/random.js';
import type { HeadDense } from '../../app/engine/common/head-layers.js';
import {
  foldHeadStandardization,
  foldStandardization,
  headInputs,
} from '../../app/engine/common/head-layers.js';
import { initBackend } from '../../app/engine/node/backend.js';

function randomArray(length: number, random: () => number, scale = 1, offset = 0): Float32Array {
  return Float32Array.from({ length }, () => offset + (random() - 0.5) * scale);
}

/** dense(x) as plain loops in float64, the reference the fold must reproduce. */
function apply(dense: HeadDense, x: Float32Array): number[] {
  const outputs = dense.bias.length;
  const inputs = x.length;
  return Array.from({ length: outputs }, (_, column) => {
    let sum = dense.bias[column]!;
    for (let row = 0; row < inputs; row++) sum += x[row]! * dense.kernel[row * outputs + column]!;
    return sum;
  });
}

describe('foldStandardization', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('gives on raw features what the layer gives on standardized ones', () => {
    const random = seededRandom(7);
    const inputs = 40;
    const outputs = 3;
    const mean = randomArray(inputs, random, 20, 50);
    const spread = Float32Array.from({ length: inputs }, () => 0.1 + random() * 5);
    const dense: HeadDense = {
      kernel: randomArray(inputs * outputs, random),
      bias: randomArray(outputs, random),
      activation: 'softmax',
    };
    const folded = foldStandardization(dense, { mean, spread });
    expect(folded.activation).toBe('softmax');
    for (let sample = 0; sample < 5; sample++) {
      const x = randomArray(inputs, random, 40, 50);
      const standardized = x.map((value, row) => (value - mean[row]!) / spread[row]!);
      const expected = apply(dense, standardized);
      const actual = apply(folded, x);
      actual.forEach((value, column) => expect(value).toBeCloseTo(expected[column]!, 3));
    }
  });

  it('matches tfjs computing the standardized head, through softmax', () => {
    const random = seededRandom(3);
    const inputs = 8;
    const outputs = 4;
    const mean = randomArray(inputs, random, 4, 2);
    const spread = Float32Array.from({ length: inputs }, () => 0.5 + random());
    const kernel = randomArray(inputs * outputs, random);
    const bias = randomArray(outputs, random);
    const x = randomArray(6 * inputs, random, 10);
    const folded = foldHeadStandardization(
      { dense: [{ kernel, bias, activation: 'softmax' }] },
      { mean, spread },
    );
    expect(headInputs(folded)).toBe(inputs);
    const [expected, actual] = tf.tidy(() => {
      const raw = tf.tensor2d(x, [6, inputs]);
      const standardized = raw.sub(tf.tensor1d(mean)).div<tf.Tensor2D>(tf.tensor1d(spread));
      const reference = tf.softmax(
        standardized.matMul(tf.tensor2d(kernel, [inputs, outputs])).add(tf.tensor1d(bias)),
      );
      const layer = folded.dense[0]!;
      const direct = tf.softmax(
        raw.matMul(tf.tensor2d(layer.kernel, [inputs, outputs])).add(tf.tensor1d(layer.bias)),
      );
      return [reference.dataSync(), direct.dataSync()];
    });
    actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 5));
  });

  it('leaves later layers as they are and refuses shapes that do not fit', () => {
    const second: HeadDense = {
      kernel: new Float32Array([1, 2, 3, 4]),
      bias: new Float32Array([0, 1]),
      activation: 'softmax',
    };
    const first: HeadDense = {
      kernel: new Float32Array([1, 0, 0, 1]),
      bias: new Float32Array([0, 0]),
      activation: 'relu',
    };
    const standardization = { mean: new Float32Array([1, 2]), spread: new Float32Array([2, 4]) };
    const folded = foldHeadStandardization({ dense: [first, second] }, standardization);
    expect(folded.dense[1]).toBe(second);
    expect([...folded.dense[0]!.kernel]).toEqual([0.5, 0, 0, 0.25]);
    expect([...folded.dense[0]!.bias]).toEqual([-0.5, -0.5]);
    expect(() =>
      foldStandardization(first, { mean: new Float32Array(3), spread: new Float32Array(3) }),
    ).toThrow(/Cannot fold/);
    expect(() => foldHeadStandardization({ dense: [] }, standardization)).toThrow(/no dense/);
  });
});
