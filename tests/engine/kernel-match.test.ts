import { describe, expect, it } from 'vitest';
import type { FilterGrid } from '../../app/engine/common/visuals.js';
import { weightsToBytes } from '../../app/engine/common/visuals.js';
import { kernelPreset } from '../../app/teach/common/kernels.js';
import { closestHandMade, grayscaleKernel } from '../../app/engine/common/kernel-match.js';

/** An RGB grid whose one filter has `weights` in every channel, scaled by `gain` per channel. */
function rgbGrid(weights: Float32Array, gains: [number, number, number]): FilterGrid {
  const hwc = new Float32Array(weights.length * 3);
  weights.forEach((w, cell) => gains.forEach((g, c) => (hwc[cell * 3 + c] = w * g)));
  return {
    layerIndex: 0,
    filters: 1,
    channels: 3,
    size: 3,
    isRgb: true,
    pixels: weightsToBytes(hwc),
  };
}

describe('learned beside hand-made', () => {
  it('finds the vertical Sobel in an RGB filter that is one, whatever its colour balance', () => {
    const sobel = kernelPreset('sobel-vertical').weights;
    const match = closestHandMade(grayscaleKernel(rgbGrid(sobel, [1, 0.5, 0.2]), 0));
    expect(match).toMatchObject({ id: 'sobel-vertical', isNegated: false });
    expect(match!.similarity).toBeGreaterThan(0.99);
  });

  it('counts a negated horizontal Sobel as one, flagged', () => {
    const negated = kernelPreset('sobel-horizontal').weights.map((w) => -w);
    const match = closestHandMade(grayscaleKernel(rgbGrid(negated, [1, 1, 1]), 0));
    expect(match).toMatchObject({ id: 'sobel-horizontal', isNegated: true });
  });

  it('tells a blur from an edge, and sums the input channels of a grayscale grid', () => {
    const gaussian = kernelPreset('gaussian').weights;
    const chw = new Float32Array(18);
    chw.set(gaussian, 0);
    chw.set(gaussian, 9);
    const grid: FilterGrid = {
      layerIndex: 2,
      filters: 1,
      channels: 2,
      size: 3,
      isRgb: false,
      pixels: weightsToBytes(chw),
    };
    expect(closestHandMade(grayscaleKernel(grid, 0))?.id).toBe('gaussian');
    expect(closestHandMade({ size: 7, weights: new Float32Array(49) })).toBeUndefined();
  });
});
