/**
 * Learned beside hand-made: a learned first-layer filter, collapsed to grayscale, against the
 * classic kernels of the same size. Similarity is the cosine of the angle between the two weight
 * vectors, so scale does not matter; a filter that is a preset turned negative (dark and bright
 * swapped) counts as that preset, flagged `isNegated`.
 */
import type { FilterGrid } from './visuals.js';
import { byteToWeight } from './visuals.js';
import type { Kernel, KernelPresetId } from '../../teach/common/kernels.js';
import { kernelPreset, kernelPresetIds } from '../../teach/common/kernels.js';

export interface KernelMatch {
  readonly id: KernelPresetId;
  /** |cos|, 0–1. */
  readonly similarity: number;
  readonly isNegated: boolean;
}

/**
 * One filter of a grid as a grayscale kernel: on a gray image (R = G = B) an RGB filter acts like
 * the sum of its three channels; a grayscale grid's filter sums its input channels likewise.
 */
export function grayscaleKernel(grid: FilterGrid, filter: number): Kernel {
  const { size, channels } = grid;
  const cells = size * size;
  const weights = new Float32Array(cells);
  const base = filter * channels * cells;
  for (let cell = 0; cell < cells; cell++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) {
      // RGB tiles are HWC, grayscale grids are CHW.
      const index = grid.isRgb ? base + cell * channels + channel : base + channel * cells + cell;
      sum += byteToWeight(grid.pixels[index] ?? 128);
    }
    weights[cell] = sum;
  }
  return { size, weights };
}

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : 0;
}

/** The most similar hand-made kernel of the same size; undefined for sizes without presets. */
export function closestHandMade(kernel: Kernel): KernelMatch | undefined {
  if (kernel.size !== 3 && kernel.size !== 5) return undefined;
  const size = kernel.size;
  let best: KernelMatch | undefined;
  for (const id of kernelPresetIds) {
    const cosine = cosineSimilarity(kernel.weights, kernelPreset(id, size).weights);
    if (best === undefined || Math.abs(cosine) > best.similarity)
      best = { id, similarity: Math.abs(cosine), isNegated: cosine < 0 };
  }
  return best;
}
