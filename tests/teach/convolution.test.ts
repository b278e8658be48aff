import { describe, expect, it } from 'vitest';
import { conv2d, convMultiChannel, inputPlanes } from '../../app/teach/common/convolution.js';
import {
  createPlane,
  grayscale,
  planeFromRows,
  planeToRows,
} from '../../app/teach/common/image.js';
import type { RgbaImage } from '../../app/teach/common/image.js';
import { builtinImage } from '../../app/teach/common/images.js';
import { kernelFromRows, kernelPreset } from '../../app/teach/common/kernels.js';

const stepEdge = planeFromRows(Array.from({ length: 6 }, () => [0, 0, 0, 10, 10, 10]));

describe('conv2d', () => {
  it('finds a vertical step edge with the vertical Sobel kernel (hand-computed)', () => {
    // Each window straddling the edge sees (right − left)·(1 + 2 + 1) = 10·4 = 40.
    const map = conv2d(stepEdge, kernelPreset('sobel-vertical'));
    expect(planeToRows(map)).toEqual(Array.from({ length: 4 }, () => [0, 40, 40, 0]));
    expect(planeToRows(conv2d(stepEdge, kernelPreset('sobel-horizontal')))).toEqual(
      Array.from({ length: 4 }, () => [0, 0, 0, 0]),
    );
  });

  it('reproduces the textbook 6×6 example with the [1 0 −1] kernel', () => {
    const input = planeFromRows([
      [3, 0, 1, 2, 7, 4],
      [1, 5, 8, 9, 3, 1],
      [2, 7, 2, 5, 1, 3],
      [0, 1, 3, 1, 7, 8],
      [4, 2, 1, 6, 2, 8],
      [2, 4, 5, 2, 3, 9],
    ]);
    const kernel = kernelFromRows([
      [1, 0, -1],
      [1, 0, -1],
      [1, 0, -1],
    ]);
    expect(planeToRows(conv2d(input, kernel))).toEqual([
      [-5, -4, 0, 8],
      [-10, -2, 2, 3],
      [0, -2, -4, -7],
      [-3, -2, -3, -16],
    ]);
  });

  it('treats zero padding as zeros: the Sobel answers at the border of a bright image', () => {
    const bright = planeFromRows(Array.from({ length: 4 }, () => [1, 1, 1, 1]));
    const map = conv2d(bright, kernelPreset('sobel-vertical'), { padding: 1 });
    expect(planeToRows(map)).toEqual([
      [3, 0, 0, -3],
      [4, 0, 0, -4],
      [4, 0, 0, -4],
      [3, 0, 0, -3],
    ]);
  });

  it('steps by the stride', () => {
    const ramp = planeFromRows(
      Array.from({ length: 5 }, (_, y) => [0, 1, 2, 3, 4].map((x) => x + 10 * y)),
    );
    const map = conv2d(ramp, kernelPreset('identity'), { stride: 2 });
    expect(planeToRows(map)).toEqual([
      [11, 13],
      [31, 33],
    ]);
    expect(planeToRows(conv2d(ramp, kernelPreset('identity'), { stride: 2, padding: 1 }))).toEqual([
      [0, 2, 4],
      [20, 22, 24],
      [40, 42, 44],
    ]);
  });

  it('averages with the box kernel and leaves the image with the identity', () => {
    const input = planeFromRows([
      [9, 0, 9],
      [0, 9, 0],
      [9, 0, 9],
    ]);
    expect(conv2d(input, kernelPreset('box')).data[0]).toBeCloseTo(5, 5);
    const image = grayscale(builtinImage('shapes', 32));
    const same = conv2d(image, kernelPreset('identity', 5), { padding: 2 });
    expect(Array.from(same.data)).toEqual(Array.from(image.data));
  });

  it('writes into a given buffer of the right size instead of allocating', () => {
    const out = new Float32Array(16);
    const map = conv2d(stepEdge, kernelPreset('sobel-vertical'), {}, out);
    expect(map.data).toBe(out);
  });

  it('lights the edge columns of the built-in vertical edge and nothing else', () => {
    const map = conv2d(
      grayscale(builtinImage('vertical-edge', 16)),
      kernelPreset('sobel-vertical'),
    );
    const row = planeToRows(map)[3];
    expect(row).toEqual([0, 0, 0, 0, 0, 0, 1020, 1020, 0, 0, 0, 0, 0, 0]);
  });
});

describe('colour channels', () => {
  const image: RgbaImage = {
    width: 2,
    height: 1,
    data: new Uint8ClampedArray([200, 100, 50, 255, 0, 10, 20, 255]),
  };

  it('splits RGBA into red, green and blue planes, or one luma plane', () => {
    expect(inputPlanes(image, 'channels').map((plane) => Array.from(plane.data))).toEqual([
      [200, 0],
      [100, 10],
      [50, 20],
    ]);
    const [gray] = inputPlanes(image, 'grayscale');
    expect(gray?.data[0]).toBeCloseTo(0.299 * 200 + 0.587 * 100 + 0.114 * 50, 3);
  });

  it('sums one kernel per channel plus a bias, as a conv layer filter does', () => {
    const a = planeFromRows([[1, 2]]);
    const b = planeFromRows([[3, 4]]);
    const one = kernelFromRows([[2]]);
    const map = convMultiChannel([a, b], [one, kernelFromRows([[-1]])], 0.5);
    expect(Array.from(map.data)).toEqual([2 - 3 + 0.5, 4 - 4 + 0.5]);
    expect(() => convMultiChannel([a], [])).toThrow(/one kernel per input channel/);
    expect(() => createPlane(0, 1)).toThrow(/positive integer/);
  });
});
