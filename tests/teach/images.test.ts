import { describe, expect, it } from 'vitest';
import { conv2d } from '../../app/teach/common/convolution.js';
import {
  compositeToRgba,
  formatCell,
  grayToRgba,
  negativeColor,
  signedToRgba,
} from '../../app/teach/common/display.js';
import { colorChannels, grayscale, planeFromRows } from '../../app/teach/common/image.js';
import {
  builtinImage,
  builtinImageIds,
  builtinImageNames,
  isBuiltinImageId,
} from '../../app/teach/common/images.js';
import { kernelPreset } from '../../app/teach/common/kernels.js';
import { measureShift, relativeChange, shiftPlane } from '../../app/teach/common/shift.js';

describe('built-in images', () => {
  it('makes a vertical edge: left half dark, right half bright', () => {
    expect(builtinImageNames['vertical-edge']).toBe('Vertical edge');
    const image = builtinImage('vertical-edge', 8);
    const gray = grayscale(image);
    expect(Array.from(gray.data.subarray(0, 8)).map(Math.round)).toEqual([
      0, 0, 0, 0, 255, 255, 255, 255,
    ]);
    expect(image.data[3]).toBe(255);
  });

  it('makes every image opaque and of the asked size', () => {
    for (const id of builtinImageIds) {
      const image = builtinImage(id, 32);
      expect(image.data).toHaveLength(32 * 32 * 4);
      expect(image.data.filter((_, i) => i % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
      expect(isBuiltinImageId(id)).toBe(true);
    }
    expect(isBuiltinImageId('cat')).toBe(false);
  });
});

describe('display', () => {
  it('shows zero black, positives white and negatives in their own colour', () => {
    const rgba = signedToRgba(planeFromRows([[0, 2, -2, -1]]));
    expect(Array.from(rgba)).toEqual([
      0,
      0,
      0,
      255,
      255,
      255,
      255,
      255,
      ...negativeColor,
      255,
      ...negativeColor.map((c) => Math.round(c / 2)),
      255,
    ]);
  });

  it('shows gray levels, and the identity response of a colour image as that image', () => {
    expect(Array.from(grayToRgba(planeFromRows([[0, 255]])))).toEqual([
      0, 0, 0, 255, 255, 255, 255, 255,
    ]);
    const image = builtinImage('shapes', 16);
    const maps = colorChannels(image).map((plane) =>
      conv2d(plane, kernelPreset('identity'), { padding: 1 }),
    );
    const composite = compositeToRgba([maps[0]!, maps[1]!, maps[2]!]);
    const scale = 255 / Math.max(...image.data.filter((_, i) => i % 4 !== 3));
    expect(Math.abs((composite[0] ?? 0) - (image.data[0] ?? 0) * scale)).toBeLessThanOrEqual(0.5);
  });

  it('prints cells with at most two decimals', () => {
    expect(formatCell(40)).toBe('40');
    expect(formatCell(3.14159)).toBe('3.14');
    expect(formatCell(-0.001)).toBe('0');
  });
});

describe('shifting', () => {
  it('moves content and repeats the border pixels', () => {
    const shifted = shiftPlane(planeFromRows([[1, 2, 3]]), 1, 0);
    expect(Array.from(shifted.data)).toEqual([1, 1, 2]);
  });

  it('moves the feature map with the image, and pooling shrinks the change on shapes', () => {
    const input = grayscale(builtinImage('shapes'));
    const report = measureShift(input, kernelPreset('sobel-vertical'), 1, 0);
    expect(report.realigned).toBeLessThan(0.01);
    expect(report.featureMap).toBeGreaterThan(0.5);
    expect(report.pooledOnce).toBeLessThan(report.featureMap);
    expect(report.pooledTwice).toBeLessThan(report.pooledOnce);
  });

  it('measures no change for no shift, and refuses maps of two sizes', () => {
    const input = grayscale(builtinImage('rings', 32));
    expect(measureShift(input, kernelPreset('laplacian'), 0, 0)).toEqual({
      featureMap: 0,
      realigned: 0,
      pooledOnce: 0,
      pooledTwice: 0,
    });
    expect(() => relativeChange(planeFromRows([[1]]), planeFromRows([[1, 2]]))).toThrow(/one size/);
  });
});
