/**
 * On-the-fly augmentation of a training batch: each image gets its own random flip, shift,
 * rotation, zoom, brightness and contrast, drawn from the run's seeded generator. The geometric
 * part is one projective transform per image (a single `tf.image.transform` for the batch), with
 * edges filled by their nearest pixel, as Keras' ImageDataGenerator does. Not by reflection:
 * tfjs-backend-wasm 4.22's `Transform` wraps a coordinate in (−1, 0) to the far edge in 'reflect'
 * mode (the cpu kernel and TensorFlow clamp it), which drew a line of the bottom row at the top.
 */
const fillMode = 'nearest';
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../../base/common/random.js';
import { symmetric } from '../../base/common/random.js';
import type { AugmentConfig } from '../common/training.js';

function isGeometric(config: AugmentConfig): boolean {
  return config.flip || config.shift > 0 || config.rotation > 0 || config.zoom > 0;
}

export function isAugmenting(config: AugmentConfig): boolean {
  return isGeometric(config) || config.brightness > 0 || config.contrast > 0;
}

/**
 * For each output pixel, where to sample the input: around the image centre c,
 * input = c + A·(output − c) + t, with A = rotation · zoom · flip. The draws are symmetric, so
 * this inverse map is as random as the forward one and needs no inversion.
 */
function transformRows(
  count: number,
  size: number,
  config: AugmentConfig,
  random: Random,
): number[] {
  const centre = (size - 1) / 2;
  const rows: number[] = [];
  for (let image = 0; image < count; image++) {
    const mirror = config.flip && random() < 0.5 ? -1 : 1;
    const angle = (symmetric(random, config.rotation) * Math.PI) / 180;
    const scale = 1 + symmetric(random, config.zoom);
    const shiftX = symmetric(random, config.shift) * size;
    const shiftY = symmetric(random, config.shift) * size;
    const cos = Math.cos(angle) * scale;
    const sin = Math.sin(angle) * scale;
    const a0 = cos * mirror;
    const a1 = -sin;
    const b0 = sin * mirror;
    const b1 = cos;
    rows.push(
      a0,
      a1,
      centre + shiftX - a0 * centre - a1 * centre,
      b0,
      b1,
      centre + shiftY - b0 * centre - b1 * centre,
      0,
      0,
    );
  }
  return rows;
}

/**
 * The whole batch in one `Transform`, except on `cpu`: tfjs 4.22's cpu kernel returns from inside
 * its batch loop (tfjs-backend-cpu/src/kernels/Transform.ts), leaving every image after the first
 * zero, so there it goes one image at a time. On wasm one call for 32 images of 64×64 takes a
 * quarter of the time of 32 calls (9.5 ms against 39 ms), a fifth of an epoch of the default recipe.
 */
function transformBatch(images: tf.Tensor4D, transforms: tf.Tensor2D): tf.Tensor4D {
  if (tf.getBackend() !== 'cpu')
    return tf.image.transform(images, transforms, 'bilinear', fillMode);
  const count = images.shape[0];
  const single = tf.split<tf.Tensor4D>(images, count);
  const rows = tf.split<tf.Tensor2D>(transforms, count);
  return tf.concat(
    single.map((image, index) => tf.image.transform(image, rows[index]!, 'bilinear', fillMode)),
  );
}

/** Augments images in [0, 1] ([n, size, size, 3]); returns a new tensor, the input is untouched. */
export function augmentBatch(
  images: tf.Tensor4D,
  config: AugmentConfig,
  random: Random,
): tf.Tensor4D {
  const [count, size] = images.shape;
  const transforms = isGeometric(config) ? transformRows(count, size, config, random) : null;
  const contrast = Array.from({ length: count }, () => 1 + symmetric(random, config.contrast));
  const brightness = Array.from({ length: count }, () => symmetric(random, config.brightness));
  return tf.tidy((): tf.Tensor4D => {
    let result: tf.Tensor4D =
      transforms === null
        ? images.clone()
        : transformBatch(images, tf.tensor2d(transforms, [count, 8]));
    if (config.contrast > 0) {
      const mean = result.mean([1, 2], true);
      result = result
        .sub<tf.Tensor4D>(mean)
        .mul<tf.Tensor4D>(tf.tensor4d(contrast, [count, 1, 1, 1]))
        .add<tf.Tensor4D>(mean);
    }
    if (config.brightness > 0)
      result = result.add<tf.Tensor4D>(tf.tensor4d(brightness, [count, 1, 1, 1]));
    return config.contrast > 0 || config.brightness > 0 ? tf.clipByValue(result, 0, 1) : result;
  });
}
