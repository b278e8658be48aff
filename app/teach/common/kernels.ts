/**
 * Hand-made kernels: the filters people designed before networks learned their own. Weights are
 * row-major; kernels are applied as CNN layers apply them (cross-correlation, not flipped), so a
 * vertical Sobel answers positive where the image goes from dark on the left to bright on the right.
 */
import { FoveaError } from '../../base/common/errors.js';

export interface Kernel {
  /** Width and height: kernels here are square with an odd size, so they have a centre. */
  readonly size: number;
  readonly weights: Float32Array;
}

export const kernelSizes = [3, 5] as const;
export type KernelSize = (typeof kernelSizes)[number];

export const kernelPresetIds = [
  'identity',
  'sobel-vertical',
  'sobel-horizontal',
  'box',
  'gaussian',
  'sharpen',
  'laplacian',
] as const;
export type KernelPresetId = (typeof kernelPresetIds)[number];

export function isKernelPresetId(value: string): value is KernelPresetId {
  return (kernelPresetIds as readonly string[]).includes(value);
}

export function kernelFromRows(rows: readonly (readonly number[])[]): Kernel {
  const size = rows.length;
  if (size % 2 !== 1 || rows.some((row) => row.length !== size)) {
    throw new FoveaError(
      'invalid_argument',
      `A kernel is a square with an odd side; got ${rows.map((row) => row.length).join(', ')} values in ${size} rows.`,
    );
  }
  return { size, weights: Float32Array.from(rows.flat()) };
}

/** The outer product of a column and a row vector, times a scale. */
function outer(column: readonly number[], row: readonly number[], scale = 1): Kernel {
  return kernelFromRows(column.map((c) => row.map((r) => c * r * scale)));
}

function impulse(size: number, value = 1): number[][] {
  const centre = (size - 1) / 2;
  return Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) => (x === centre && y === centre ? value : 0)),
  );
}

const smooth: Record<KernelSize, number[]> = { 3: [1, 2, 1], 5: [1, 4, 6, 4, 1] };
const derivative: Record<KernelSize, number[]> = { 3: [-1, 0, 1], 5: [-1, -2, 0, 2, 1] };

const laplacian5 = [
  [0, 0, 1, 0, 0],
  [0, 1, 2, 1, 0],
  [1, 2, -16, 2, 1],
  [0, 1, 2, 1, 0],
  [0, 0, 1, 0, 0],
];

export function kernelPreset(id: KernelPresetId, size: KernelSize = 3): Kernel {
  switch (id) {
    case 'identity':
      return kernelFromRows(impulse(size));
    case 'sobel-vertical':
      return outer(smooth[size], derivative[size]);
    case 'sobel-horizontal':
      return outer(derivative[size], smooth[size]);
    case 'box':
      return kernelFromRows(impulse(size).map((row) => row.map(() => 1 / (size * size))));
    case 'gaussian': {
      const total = smooth[size].reduce((sum, value) => sum + value, 0);
      return outer(smooth[size], smooth[size], 1 / (total * total));
    }
    case 'sharpen': {
      // Unsharp masking: twice the image minus its blur; at 3×3 this is the classic 5/−1 cross.
      if (size === 3)
        return kernelFromRows([
          [0, -1, 0],
          [-1, 5, -1],
          [0, -1, 0],
        ]);
      const blur = kernelPreset('gaussian', 5).weights;
      const centre = (size * size - 1) / 2;
      return { size, weights: blur.map((value, i) => (i === centre ? 2 : 0) - value) };
    }
    case 'laplacian':
      return kernelFromRows(
        size === 3
          ? [
              [0, 1, 0],
              [1, -4, 1],
              [0, 1, 0],
            ]
          : laplacian5,
      );
  }
}

/** The preset a kernel equals (to float precision), or undefined for a custom one. */
export function matchPreset(kernel: Kernel): KernelPresetId | undefined {
  if (kernel.size !== 3 && kernel.size !== 5) return undefined;
  const size = kernel.size;
  return kernelPresetIds.find((id) => {
    const preset = kernelPreset(id, size).weights;
    return preset.every((value, i) => Math.abs(value - (kernel.weights[i] ?? Number.NaN)) < 1e-6);
  });
}

export function withWeight(kernel: Kernel, index: number, value: number): Kernel {
  if (!Number.isInteger(index) || index < 0 || index >= kernel.weights.length) {
    throw new FoveaError(
      'invalid_argument',
      `A ${kernel.size}×${kernel.size} kernel has weights 0–${kernel.weights.length - 1}; got ${index}.`,
    );
  }
  const weights = kernel.weights.slice();
  weights[index] = value;
  return { size: kernel.size, weights };
}

export function kernelSum(kernel: Kernel): number {
  return kernel.weights.reduce((sum, value) => sum + value, 0);
}

/**
 * Reads a weight typed by a person: a decimal (`-0.25`, `.5`) or a fraction (`1/9`, `-2/16`).
 * Returns undefined for anything else, so the editor can flag the cell instead of guessing.
 */
export function parseWeight(text: string): number | undefined {
  const trimmed = text.trim().replace(/\u2212/g, '-');
  const fraction = /^([+-]?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(trimmed);
  if (fraction) {
    const denominator = Number(fraction[2]);
    return denominator === 0 ? undefined : Number(fraction[1]) / denominator;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** A weight as the editor shows it: integers as such, others with up to four significant digits. */
export function formatWeight(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const rounded = Number(value.toPrecision(4));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}
