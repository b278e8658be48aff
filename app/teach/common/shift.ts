/**
 * Translation: a convolution moves with the image (its map shifts by the same pixels), and pooling
 * usually makes the result change less. The measure is the relative size of the change, ‖Δ‖/‖map‖.
 * A perfectly thin edge that crosses a pooling window boundary is the honest exception: pooling
 * keeps it, but in the neighbouring cell.
 */
import { FoveaError } from '../../base/common/errors.js';
import { relu } from './activation.js';
import { conv2d } from './convolution.js';
import type { ConvOptions } from './convolution.js';
import { createPlane } from './image.js';
import type { Plane } from './image.js';
import type { Kernel } from './kernels.js';
import { pool2d } from './pooling.js';
import type { PoolMode } from './pooling.js';

/**
 * Moves the content right by dx and down by dy. The edge pixels are repeated into the gap, so the
 * shift adds no new edge at the border.
 */
export function shiftPlane(input: Plane, dx: number, dy: number): Plane {
  const { width, height } = input;
  const result = createPlane(width, height);
  for (let y = 0; y < height; y++) {
    const sourceY = Math.min(height - 1, Math.max(0, y - dy));
    for (let x = 0; x < width; x++) {
      const sourceX = Math.min(width - 1, Math.max(0, x - dx));
      result.data[y * width + x] = input.data[sourceY * width + sourceX]!;
    }
  }
  return result;
}

/** ‖after − before‖ / ‖before‖: 0 when nothing changed, 1 when the change is as large as the map. */
export function relativeChange(before: Plane, after: Plane): number {
  if (before.data.length !== after.data.length) {
    throw new FoveaError('invalid_argument', 'Only maps of one size can be compared.');
  }
  let difference = 0;
  let norm = 0;
  for (let i = 0; i < before.data.length; i++) {
    const a = before.data[i]!;
    const delta = after.data[i]! - a;
    difference += delta * delta;
    norm += a * a;
  }
  if (norm === 0) return difference === 0 ? 0 : Number.POSITIVE_INFINITY;
  return Math.sqrt(difference / norm);
}

export interface ShiftReport {
  /** The detector output (conv + ReLU) of the shifted image against the original's. */
  readonly featureMap: number;
  /** The shifted image's map moved back by the shift: near zero, the map moved with the image. */
  readonly realigned: number;
  readonly pooledOnce: number;
  readonly pooledTwice: number;
}

/** Compares conv + ReLU, then one and two 2×2 poolings, before and after shifting the input. */
export function measureShift(
  input: Plane,
  kernel: Kernel,
  dx: number,
  dy: number,
  mode: PoolMode = 'max',
  options: ConvOptions = {},
): ShiftReport {
  const before = relu(conv2d(input, kernel, options));
  const after = relu(conv2d(shiftPlane(input, dx, dy), kernel, options));
  const beforeOnce = pool2d(before, { mode });
  const afterOnce = pool2d(after, { mode });
  return {
    featureMap: relativeChange(before, after),
    realigned: relativeChange(shiftPlane(before, dx, dy), after),
    pooledOnce: relativeChange(beforeOnce, afterOnce),
    pooledTwice: relativeChange(pool2d(beforeOnce, { mode }), pool2d(afterOnce, { mode })),
  };
}
