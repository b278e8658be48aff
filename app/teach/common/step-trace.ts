/**
 * The sliding window, one output cell at a time: which input cells the kernel covers, the
 * element-wise products and their sum. Computed by the same rule as `conv2d`, and tested against it.
 */
import { createPlane, planeFromRows, valueAt } from './image.js';
import type { Plane } from './image.js';
import { kernelFromRows } from './kernels.js';
import type { Kernel } from './kernels.js';
import { conv2d } from './convolution.js';
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
  /** Σ wᵢxᵢ, before the bias. */
  readonly sum: number;
  /** The filter's one bias b, the same at every position. */
  readonly bias: number;
  /** Σ wᵢxᵢ + b: the output cell. */
  readonly output: number;
}

/** Stride and padding, and the filter's bias. */
export interface StepOptions extends ConvOptions {
  readonly bias?: number;
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
  options: StepOptions = {},
): ConvStep {
  const { stride = 1, padding = 0, bias = 0 } = options;
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
  return { index, outX, outY, left, top, window, products, sum, bias, output: sum + bias };
}

export function* convSteps(
  input: Plane,
  kernel: Kernel,
  options: StepOptions = {},
): Generator<ConvStep> {
  const count = stepCount(input, kernel, options);
  for (let index = 0; index < count; index++) yield convStep(input, kernel, index, options);
}

/** Every output cell of `convStep`: the convolution plus the filter's bias. */
export function convWithBias(input: Plane, kernel: Kernel, options: StepOptions = {}): Plane {
  const map = conv2d(input, kernel, options);
  const bias = options.bias ?? 0;
  return createPlane(
    map.width,
    map.height,
    map.data.map((value) => value + bias),
  );
}

/**
 * The article's worked example: a 3×3 kernel with w1 = w2 = w5 = 2 and w9 = 1, over a patch with
 * x1 = 0, x2 = 1, x5 = 1 and x9 = 1 in the top-left corner, so the first output is
 * 0·2 + 1·2 + 1·2 + 1·1 = 5.
 */
export function articleKernel(): Kernel {
  return kernelFromRows([
    [2, 2, 0],
    [0, 2, 0],
    [0, 0, 1],
  ]);
}

/** 6×6 matrices to step through by hand; the article's comes first. */
export const exampleMatrixIds = ['article', 'step-edge', 'numbers'] as const;
export type ExampleMatrixId = (typeof exampleMatrixIds)[number];

export function exampleMatrix(id: ExampleMatrixId): Plane {
  switch (id) {
    case 'article':
      // A binary picture whose top-left patch is the article's (x1 = 0, x2 = 1, x5 = 1, x9 = 1).
      return planeFromRows([
        [0, 1, 0, 0, 1, 0],
        [0, 1, 0, 1, 0, 0],
        [0, 0, 1, 0, 0, 0],
        [0, 1, 0, 1, 0, 0],
        [1, 0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 1],
      ]);
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
