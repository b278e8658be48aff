/**
 * The sliding window, one output cell at a time: which input cells the kernel covers, the
 * element-wise products and their sum. Computed by the same rule as `conv2d`, and tested against it.
 */
import { planeFromRows, valueAt } from './image.js';
import type { Plane } from './image.js';
import type { Kernel } from './kernels.js';
import { convOutputSize } from './sizes.js';
import type { ConvOptions } from './convolution.js';

export interface ConvStep {
  /** 0 for the first output cell, row by row. */
  readonly index: number;
  readonly outX: number;
  readonly outY: number;
  /** Top-left input cell under the kernel; negative when the window covers padding. */
  readonly left: number;
  readonly top: number;
  /** Input values under the kernel, row-major (0 where the window covers padding). */
  readonly window: readonly number[];
  /** window[i] · kernel[i]. */
  readonly products: readonly number[];
  readonly sum: number;
}

export function stepCount(input: Plane, kernel: Kernel, options: ConvOptions = {}): number {
  const geometry = {
    kernelSize: kernel.size,
    padding: options.padding ?? 0,
    stride: options.stride ?? 1,
  };
  return (
    convOutputSize({ ...geometry, inputSize: input.width }) *
    convOutputSize({ ...geometry, inputSize: input.height })
  );
}

/** The step with the given index (row-major order of output cells). */
export function convStep(
  input: Plane,
  kernel: Kernel,
  index: number,
  options: ConvOptions = {},
): ConvStep {
  const { stride = 1, padding = 0 } = options;
  const outWidth = convOutputSize({
    inputSize: input.width,
    kernelSize: kernel.size,
    padding,
    stride,
  });
  const outX = index % outWidth;
  const outY = Math.floor(index / outWidth);
  const left = outX * stride - padding;
  const top = outY * stride - padding;
  const window: number[] = [];
  const products: number[] = [];
  let sum = 0;
  for (let ky = 0; ky < kernel.size; ky++) {
    for (let kx = 0; kx < kernel.size; kx++) {
      const value = valueAt(input, left + kx, top + ky);
      const product = value * kernel.weights[ky * kernel.size + kx]!;
      window.push(value);
      products.push(product);
      sum += product;
    }
  }
  return { index, outX, outY, left, top, window, products, sum };
}

export function* convSteps(
  input: Plane,
  kernel: Kernel,
  options: ConvOptions = {},
): Generator<ConvStep> {
  const count = stepCount(input, kernel, options);
  for (let index = 0; index < count; index++) yield convStep(input, kernel, index, options);
}

/** 6×6 matrices to step through by hand. */
export const exampleMatrixIds = ['step-edge', 'numbers'] as const;
export type ExampleMatrixId = (typeof exampleMatrixIds)[number];

export function exampleMatrix(id: ExampleMatrixId): Plane {
  switch (id) {
    case 'step-edge':
      // Dark on the left, bright on the right: a vertical edge down the middle.
      return planeFromRows(Array.from({ length: 6 }, () => [0, 0, 0, 10, 10, 10]));
    case 'numbers':
      return planeFromRows([
        [3, 0, 1, 2, 7, 4],
        [1, 5, 8, 9, 3, 1],
        [2, 7, 2, 5, 1, 3],
        [0, 1, 3, 1, 7, 8],
        [4, 2, 1, 6, 2, 8],
        [2, 4, 5, 2, 3, 9],
      ]);
  }
}
