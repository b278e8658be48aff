/**
 * How big a feature map comes out: `⌊(n + 2p − f)/s⌋ + 1`, rounded down when the kernel does not
 * fit a whole number of strides (the last, incomplete window is dropped, as TensorFlow and PyTorch
 * do). The Learn area and the engine's model summary both size their maps with these functions.
 */
import { FoveaError } from '../../base/common/errors.js';

export interface ConvGeometry {
  /** Input side n. */
  readonly inputSize: number;
  /** Kernel side f. */
  readonly kernelSize: number;
  /** Zero padding p on each side. */
  readonly padding?: number;
  /** Stride s. */
  readonly stride?: number;
}

export interface OutputSizeExplained {
  readonly paddedSize: number;
  /** n + 2p − f: how far the window travels. */
  readonly travel: number;
  readonly outputSize: number;
  /** True when the window lands exactly on the last column (travel divisible by the stride). */
  readonly isExact: boolean;
}

function checkInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new FoveaError(
      'invalid_argument',
      `${name} must be an integer ≥ ${minimum}; got ${value}.`,
    );
  }
}

/**
 * `⌊(n + 2p − f)/s⌋ + 1` without checks: the one formula every output size comes from. It is 0 or
 * less when the window does not fit; callers that take input from people check first.
 */
export function slidingOutputSize(geometry: ConvGeometry): number {
  const { inputSize, kernelSize, padding = 0, stride = 1 } = geometry;
  return Math.floor((inputSize + 2 * padding - kernelSize) / stride) + 1;
}

/**
 * TensorFlow's rule for a window layer: 'valid' is the formula with p = 0; 'same' pads just enough
 * zeros (split around the input) that every stride lands inside it, so the output is ⌈n/s⌉.
 */
export function windowOutputSize(
  inputSize: number,
  kernelSize: number,
  stride: number,
  padding: 'same' | 'valid',
): number {
  return padding === 'same'
    ? Math.ceil(inputSize / stride)
    : slidingOutputSize({ inputSize, kernelSize, stride });
}

export function explainOutputSize(geometry: ConvGeometry): OutputSizeExplained {
  const { inputSize, kernelSize, padding = 0, stride = 1 } = geometry;
  checkInteger('The input size', inputSize, 1);
  checkInteger('The kernel size', kernelSize, 1);
  checkInteger('The padding', padding, 0);
  checkInteger('The stride', stride, 1);
  const paddedSize = inputSize + 2 * padding;
  const travel = paddedSize - kernelSize;
  if (travel < 0) {
    throw new FoveaError(
      'invalid_argument',
      `A ${kernelSize}×${kernelSize} kernel does not fit in a ${paddedSize}×${paddedSize} padded input.`,
    );
  }
  return {
    paddedSize,
    travel,
    outputSize: slidingOutputSize(geometry),
    isExact: travel % stride === 0,
  };
}

/** `⌊(n + 2p − f)/s⌋ + 1`, or `n − f + 1` with no padding and stride 1. */
export function convOutputSize(geometry: ConvGeometry): number {
  return explainOutputSize(geometry).outputSize;
}

/** The padding that keeps the output as large as the input at stride 1: `(f − 1)/2`. */
export function samePadding(kernelSize: number): number {
  checkInteger('The kernel size', kernelSize, 1);
  if (kernelSize % 2 === 0) {
    throw new FoveaError(
      'invalid_argument',
      `"Same" padding is symmetric only for an odd kernel; got ${kernelSize}.`,
    );
  }
  return (kernelSize - 1) / 2;
}

/** Pooling windows never pad here: `floor((n − f)/s) + 1`. */
export function poolOutputSize(inputSize: number, windowSize: number, stride = windowSize): number {
  return convOutputSize({ inputSize, kernelSize: windowSize, stride });
}
