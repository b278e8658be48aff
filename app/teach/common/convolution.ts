/**
 * The convolution of a CNN layer (strictly a cross-correlation: the kernel is not flipped) over
 * one plane, with stride and zero padding. Padding is not materialized: each output cell clips the
 * kernel window to the input, which reads the same as multiplying by zeros. No allocation happens
 * per pixel, and a caller that repeats the work can hand in the output buffer.
 */
import { FoveaError } from '../../base/common/errors.js';
import { colorChannel, createPlane, grayscale } from './image.js';
import type { ColorChannel, Plane, RgbaImage } from './image.js';
import type { Kernel } from './kernels.js';
import { explainOutputSize } from './sizes.js';

export interface ConvOptions {
  readonly stride?: number;
  readonly padding?: number;
}

export function conv2d(
  input: Plane,
  kernel: Kernel,
  options: ConvOptions = {},
  out?: Float32Array,
): Plane {
  const { stride = 1, padding = 0 } = options;
  const { width, height } = input;
  const size = kernel.size;
  const outWidth = explainOutputSize({ inputSize: width, kernelSize: size, padding, stride });
  const outHeight = explainOutputSize({ inputSize: height, kernelSize: size, padding, stride });
  const result = createPlane(
    outWidth.outputSize,
    outHeight.outputSize,
    out?.length === outWidth.outputSize * outHeight.outputSize ? out : undefined,
  );
  const source = input.data;
  const weights = kernel.weights;
  const target = result.data;
  const [w0, w1, w2, w3, w4, w5, w6, w7, w8] = size === 3 ? weights : [];
  for (let outY = 0; outY < result.height; outY++) {
    const top = outY * stride - padding;
    const rowStart = Math.max(0, -top);
    const rowEnd = Math.min(size, height - top);
    const rowOffset = outY * result.width;
    for (let outX = 0; outX < result.width; outX++) {
      const left = outX * stride - padding;
      const columnStart = Math.max(0, -left);
      const columnEnd = Math.min(size, width - left);
      let sum = 0;
      if (w8 !== undefined && rowEnd - rowStart === 3 && columnEnd - columnStart === 3) {
        // A 3×3 window wholly inside the image, unrolled: by far the most common case.
        const a = top * width + left;
        const b = a + width;
        const c = b + width;
        sum =
          source[a]! * w0! +
          source[a + 1]! * w1! +
          source[a + 2]! * w2! +
          source[b]! * w3! +
          source[b + 1]! * w4! +
          source[b + 2]! * w5! +
          source[c]! * w6! +
          source[c + 1]! * w7! +
          source[c + 2]! * w8;
      } else {
        for (let ky = rowStart; ky < rowEnd; ky++) {
          const sourceRow = (top + ky) * width + left;
          const weightRow = ky * size;
          for (let kx = columnStart; kx < columnEnd; kx++) {
            sum += source[sourceRow + kx]! * weights[weightRow + kx]!;
          }
        }
      }
      target[rowOffset + outX] = sum;
    }
  }
  return result;
}

export type ColorMode = 'grayscale' | 'channels';

/** The planes a kernel is applied to: one grayscale plane, or red, green and blue. */
export function inputPlanes(image: RgbaImage, mode: ColorMode): Plane[] {
  if (mode === 'grayscale') return [grayscale(image)];
  return ([0, 1, 2] as const).map((channel: ColorChannel) => colorChannel(image, channel));
}

/** Applies one kernel to each plane on its own (a depthwise convolution), as the lab shows it. */
export function convolveEach(
  planes: readonly Plane[],
  kernel: Kernel,
  options: ConvOptions = {},
): Plane[] {
  return planes.map((plane) => conv2d(plane, kernel, options));
}

/**
 * A convolution layer's single filter over several channels: one kernel per input channel, the
 * results summed, plus a bias. This is why a filter on an RGB image has 3·f·f + 1 parameters.
 */
export function convMultiChannel(
  planes: readonly Plane[],
  kernels: readonly Kernel[],
  bias = 0,
  options: ConvOptions = {},
): Plane {
  if (planes.length === 0 || planes.length !== kernels.length) {
    throw new FoveaError(
      'invalid_argument',
      `Need one kernel per input channel: ${planes.length} planes, ${kernels.length} kernels.`,
    );
  }
  const maps = planes.map((plane, i) => conv2d(plane, kernels[i]!, options));
  const sum = maps[0]!;
  for (const map of maps.slice(1)) {
    for (let i = 0; i < sum.data.length; i++) sum.data[i] = sum.data[i]! + map.data[i]!;
  }
  if (bias !== 0) for (let i = 0; i < sum.data.length; i++) sum.data[i] = sum.data[i]! + bias;
  return sum;
}
