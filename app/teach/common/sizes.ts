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
  /** ⌊(n + 2p − f)/s⌋: how many whole strides the window makes after the first position. */
  readonly quotient: number;
  readonly outputSize: number;
  /** True when the window lands exactly on the last column (travel divisible by the stride). */
  readonly isExact: boolean;
}

/** Which number of a geometry a problem is about. */
export type GeometryField = 'inputSize' | 'kernelSize' | 'padding' | 'stride';

/**
 * Why a geometry has no output, as data: the renderer words it in the person's language, and
 * `explainOutputSize` words it in English for errors.
 */
export type GeometryProblem =
  | {
      readonly kind: 'not-whole';
      readonly field: GeometryField;
      readonly minimum: number;
      readonly value: number;
    }
  | { readonly kind: 'kernel-too-large'; readonly kernelSize: number; readonly paddedSize: number };

const minimums: Record<GeometryField, number> = {
  inputSize: 1,
  kernelSize: 1,
  padding: 0,
  stride: 1,
};

const fieldNames: Record<GeometryField, string> = {
  inputSize: 'The input size',
  kernelSize: 'The kernel size',
  padding: 'The padding',
  stride: 'The stride',
};

/** The first problem of a geometry typed by a person, or undefined when it has an output. */
export function geometryProblem(geometry: ConvGeometry): GeometryProblem | undefined {
  const { inputSize, kernelSize, padding = 0, stride = 1 } = geometry;
  const values: Record<GeometryField, number> = { inputSize, kernelSize, padding, stride };
  for (const field of Object.keys(minimums) as GeometryField[]) {
    const value = values[field];
    const minimum = minimums[field];
    if (!Number.isInteger(value) || value < minimum)
      return { kind: 'not-whole', field, minimum, value };
  }
  const paddedSize = inputSize + 2 * padding;
  if (kernelSize > paddedSize) return { kind: 'kernel-too-large', kernelSize, paddedSize };
  return undefined;
}

export function describeGeometryProblem(problem: GeometryProblem): string {
  switch (problem.kind) {
    case 'not-whole':
      return `${fieldNames[problem.field]} must be an integer ≥ ${problem.minimum}; got ${problem.value}.`;
    case 'kernel-too-large':
      return `A ${problem.kernelSize}×${problem.kernelSize} kernel does not fit in a ${problem.paddedSize}×${problem.paddedSize} padded input.`;
  }
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
  const problem = geometryProblem(geometry);
  if (problem) throw new FoveaError('invalid_argument', describeGeometryProblem(problem));
  const { inputSize, kernelSize, padding = 0, stride = 1 } = geometry;
  const paddedSize = inputSize + 2 * padding;
  const travel = paddedSize - kernelSize;
  return {
    paddedSize,
    travel,
    quotient: Math.floor(travel / stride),
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
