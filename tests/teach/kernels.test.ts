import { describe, expect, it } from 'vitest';
import {
  formatWeight,
  kernelPreset,
  kernelPresetIds,
  kernelSizes,
  kernelSum,
  matchPreset,
  parseWeight,
  withWeight,
} from '../../app/teach/common/kernels.js';

const rows = (weights: Float32Array, size: number): number[][] =>
  Array.from({ length: size }, (_, y) => Array.from(weights.subarray(y * size, (y + 1) * size)));

describe('kernel presets', () => {
  it('has the classic 3×3 weights', () => {
    expect(rows(kernelPreset('sobel-vertical').weights, 3)).toEqual([
      [-1, 0, 1],
      [-2, 0, 2],
      [-1, 0, 1],
    ]);
    expect(rows(kernelPreset('sobel-horizontal').weights, 3)).toEqual([
      [-1, -2, -1],
      [0, 0, 0],
      [1, 2, 1],
    ]);
    expect(rows(kernelPreset('sharpen').weights, 3)).toEqual([
      [0, -1, 0],
      [-1, 5, -1],
      [0, -1, 0],
    ]);
    expect(rows(kernelPreset('laplacian').weights, 3)).toEqual([
      [0, 1, 0],
      [1, -4, 1],
      [0, 1, 0],
    ]);
    expect(
      rows(kernelPreset('gaussian').weights, 3)
        .flat()
        .map((w) => w * 16),
    ).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1]);
  });

  it('keeps brightness (sum 1) for smoothing kernels and answers 0 on flat areas for detectors', () => {
    for (const size of kernelSizes) {
      for (const id of ['identity', 'box', 'gaussian', 'sharpen'] as const) {
        expect(kernelSum(kernelPreset(id, size))).toBeCloseTo(1, 5);
      }
      for (const id of ['sobel-vertical', 'sobel-horizontal', 'laplacian'] as const) {
        expect(kernelSum(kernelPreset(id, size))).toBeCloseTo(0, 5);
      }
    }
  });

  it('recognizes a preset, and calls an edited kernel custom', () => {
    for (const size of kernelSizes) {
      for (const id of kernelPresetIds) expect(matchPreset(kernelPreset(id, size))).toBe(id);
    }
    expect(matchPreset(withWeight(kernelPreset('box'), 4, 7))).toBeUndefined();
    expect(() => withWeight(kernelPreset('box'), 9, 1)).toThrow(/weights 0–8; got 9/);
  });
});

describe('typing weights', () => {
  it.each([
    ['2', 2],
    ['-0.25', -0.25],
    ['.5', 0.5],
    ['1/9', 1 / 9],
    ['−2 / 16', -0.125],
    [' 3 ', 3],
  ])('reads %j as %d', (text, value) => {
    expect(parseWeight(text)).toBeCloseTo(value, 10);
  });

  it.each(['', 'abc', '1/0', '1//2', '--1'])('refuses %j', (text) => {
    expect(parseWeight(text)).toBeUndefined();
  });

  it('prints weights short', () => {
    expect(formatWeight(-2)).toBe('-2');
    expect(formatWeight(1 / 9)).toBe('0.1111');
    expect(formatWeight(Math.fround(1 / 16))).toBe('0.0625');
  });
});
