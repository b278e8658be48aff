import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../app/base/common/random.js';
import type { AugmentConfig } from '../../app/engine/common/training.js';
import { noAugmentation } from '../../app/engine/common/training.js';
import { augmentBatch, isAugmenting } from '../../app/engine/node/augment.js';

beforeAll(async () => {
  // As the engine does (backend.ts): no "install tfjs-node" banner from the cpu backend.
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

/** Image i has value (x + 10·i)/100 at column x, in all channels: left–right asymmetric. */
function ramps(count: number, size: number): tf.Tensor4D {
  const values: number[] = [];
  for (let image = 0; image < count; image++)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) values.push(...[0, 1, 2].map(() => (x + 10 * image) / 100));
  return tf.tensor4d(values, [count, size, size, 3]);
}

function augmented(config: AugmentConfig, seed = 1, count = 16, size = 6): number[][] {
  const input = ramps(count, size);
  const output = augmentBatch(input, config, seededRandom(seed));
  const rows = output.arraySync().map((image) => image.flat(2));
  tf.dispose([input, output]);
  return rows;
}

describe('augmentBatch', () => {
  it('changes nothing when everything is off', () => {
    expect(isAugmenting(noAugmentation)).toBe(false);
    const original = ramps(16, 6)
      .arraySync()
      .map((image) => image.flat(2));
    expect(augmented(noAugmentation)).toEqual(original);
  });

  it('mirrors about half of the images, each exactly', () => {
    const original = ramps(16, 6).arraySync();
    const mirrored = original.map((image) => image.map((row) => [...row].reverse()).flat(2));
    const flat = original.map((image) => image.flat(2));
    const result = augmented({ ...noAugmentation, flip: true });
    let flips = 0;
    result.forEach((image, index) => {
      const isMirrored = image.every((value, at) => Math.abs(value - mirrored[index]![at]!) < 1e-6);
      const isSame = image.every((value, at) => Math.abs(value - flat[index]![at]!) < 1e-6);
      expect(isMirrored || isSame).toBe(true);
      if (isMirrored) flips += 1;
    });
    expect(flips).toBeGreaterThan(2);
    expect(flips).toBeLessThan(14);
  });

  it('is reproducible from the seed and stays in [0, 1]', () => {
    const everything: AugmentConfig = {
      flip: true,
      shift: 0.2,
      rotation: 20,
      zoom: 0.2,
      brightness: 0.3,
      contrast: 0.5,
    };
    const first = augmented(everything, 5);
    expect(augmented(everything, 5)).toEqual(first);
    expect(augmented(everything, 6)).not.toEqual(first);
    for (const value of first.flat()) expect(value >= 0 && value <= 1).toBe(true);
  });

  it('shifts brightness per image without moving pixels', () => {
    const original = ramps(4, 6)
      .arraySync()
      .map((image) => image.flat(2));
    augmented({ ...noAugmentation, brightness: 0.1 }, 3, 4).forEach((image, index) => {
      const delta = image[0]! - original[index]![0]!;
      expect(Math.abs(delta)).toBeLessThanOrEqual(0.1 + 1e-6);
      image.forEach((value, at) => expect(value - original[index]![at]!).toBeCloseTo(delta, 5));
    });
  });

  it('leaves no tensors behind', () => {
    const input = ramps(4, 6);
    const before = tf.memory().numTensors;
    const output = augmentBatch(
      input,
      { flip: true, shift: 0.1, rotation: 10, zoom: 0.1, brightness: 0.1, contrast: 0.1 },
      seededRandom(1),
    );
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([input, output]);
  });
});
