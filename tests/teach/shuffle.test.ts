import { describe, expect, it } from 'vitest';
import { grayscale } from '../../app/teach/common/image.js';
import { builtinImage } from '../../app/teach/common/images.js';
import { kernelPreset } from '../../app/teach/common/kernels.js';
import {
  compareShuffled,
  permutePlane,
  pixelPermutation,
  unpermutePlane,
} from '../../app/teach/common/shuffle.js';

describe('shuffling the pixels', () => {
  const gray = grayscale(builtinImage('shapes'));

  it('uses one fixed permutation that can be undone', () => {
    const order = pixelPermutation(gray.data.length, 7);
    expect(pixelPermutation(gray.data.length, 7)).toEqual(order);
    expect([...order].sort((a, b) => a - b)).toEqual(order.map((_, i) => i));
    const shuffled = permutePlane(gray, order);
    expect(shuffled.data).not.toEqual(gray.data);
    expect(unpermutePlane(shuffled, order).data).toEqual(gray.data);
  });

  it("leaves a dense layer's outputs unchanged and loses the convolution's map", () => {
    const report = compareShuffled(gray, kernelPreset('sobel-vertical'), {
      seed: 7,
      units: 4,
      scale: 1 / 255,
    });
    expect(report.dense.original).toHaveLength(4);
    report.dense.original.forEach((value, unit) =>
      expect(report.dense.shuffled[unit]).toBeCloseTo(value, 9),
    );
    expect(report.denseChange).toBeLessThan(1e-9);
    expect(report.convOriginal.width).toBe(gray.width);
    expect(report.convChange).toBeGreaterThan(0.5);
  });

  it("keeps the identity kernel's map: only a kernel that reads neighbours loses it", () => {
    const report = compareShuffled(gray, kernelPreset('identity'), {
      seed: 7,
      units: 2,
      scale: 1,
    });
    expect(report.convChange).toBe(0);
  });
});
