/**
 * Max and average pooling: each window of a feature map becomes one number. Windows that would
 * hang over the edge are dropped (no padding), as in `tf.layers.maxPooling2d` with 'valid'.
 */
import { createPlane } from './image.js';
import type { Plane } from './image.js';
import { poolOutputSize } from './sizes.js';

export type PoolMode = 'max' | 'average';

export interface PoolOptions {
  readonly mode: PoolMode;
  /** The window side; 2 unless given. */
  readonly size?: number;
  /** The step between windows; the window side unless given. */
  readonly stride?: number;
}

export function pool2d(input: Plane, options: PoolOptions): Plane {
  const { mode, size = 2, stride = size } = options;
  const width = poolOutputSize(input.width, size, stride);
  const height = poolOutputSize(input.height, size, stride);
  const result = createPlane(width, height);
  const source = input.data;
  const area = size * size;
  let index = 0;
  for (let outY = 0; outY < height; outY++) {
    for (let outX = 0; outX < width; outX++) {
      let max = Number.NEGATIVE_INFINITY;
      let sum = 0;
      for (let ky = 0; ky < size; ky++) {
        const row = (outY * stride + ky) * input.width + outX * stride;
        for (let kx = 0; kx < size; kx++) {
          const value = source[row + kx]!;
          sum += value;
          if (value > max) max = value;
        }
      }
      result.data[index++] = mode === 'max' ? max : sum / area;
    }
  }
  return result;
}

/** Pools `times` times in a row (each halving the side with the default 2×2 window). */
export function poolRepeatedly(input: Plane, options: PoolOptions, times: number): Plane[] {
  const stages: Plane[] = [];
  let current = input;
  for (let i = 0; i < times; i++) {
    if (current.width < (options.size ?? 2) || current.height < (options.size ?? 2)) break;
    current = pool2d(current, options);
    stages.push(current);
  }
  return stages;
}
