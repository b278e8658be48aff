import { describe, expect, it } from 'vitest';
import { countSigns, relu } from '../../app/teach/common/activation.js';
import { conv2d } from '../../app/teach/common/convolution.js';
import { flatIndex, flatPosition, flatten } from '../../app/teach/common/flatten.js';
import { grayscale, planeFromRows, planeToRows } from '../../app/teach/common/image.js';
import { builtinImage } from '../../app/teach/common/images.js';
import { kernelPreset } from '../../app/teach/common/kernels.js';
import { pool2d, poolRepeatedly } from '../../app/teach/common/pooling.js';

const example = planeFromRows([
  [1, 3, 2, 1],
  [2, 9, 1, 1],
  [1, 3, 2, 3],
  [5, 6, 1, 2],
]);

describe('ReLU', () => {
  it('zeroes the negatives and keeps the rest', () => {
    const map = planeFromRows([
      [-5, -4, 0, 8],
      [-10, -2, 2, 3],
    ]);
    expect(countSigns(map)).toEqual({ negative: 4, zero: 1, positive: 3 });
    expect(planeToRows(relu(map))).toEqual([
      [0, 0, 0, 8],
      [0, 0, 2, 3],
    ]);
    expect(countSigns(relu(map)).negative).toBe(0);
  });
});

describe('pooling', () => {
  it('takes the largest value of each 2×2 window (hand-computed)', () => {
    expect(planeToRows(pool2d(example, { mode: 'max' }))).toEqual([
      [9, 2],
      [6, 3],
    ]);
  });

  it('averages each 2×2 window (hand-computed)', () => {
    expect(planeToRows(pool2d(example, { mode: 'average' }))).toEqual([
      [3.75, 1.25],
      [3.75, 2],
    ]);
  });

  it('pools twice down to one number, and drops an odd last column', () => {
    const stages = poolRepeatedly(example, { mode: 'max' }, 2);
    expect(stages.map(planeToRows)).toEqual([
      [
        [9, 2],
        [6, 3],
      ],
      [[9]],
    ]);
    const odd = planeFromRows([
      [1, 2, 7],
      [3, 4, 8],
    ]);
    expect(planeToRows(pool2d(odd, { mode: 'max' }))).toEqual([[4]]);
    expect(planeToRows(pool2d(example, { mode: 'max', size: 3, stride: 1 }))).toEqual([
      [9, 9],
      [9, 9],
    ]);
  });

  it('keeps an edge through two max poolings', () => {
    // 64 px image, edge between columns 31 and 32; valid Sobel puts it in map columns 30 and 31.
    const edges = relu(
      conv2d(grayscale(builtinImage('vertical-edge', 64)), kernelPreset('sobel-vertical')),
    );
    const [once, twice] = poolRepeatedly(edges, { mode: 'max' }, 2);
    expect(once?.width).toBe(31);
    expect(twice?.width).toBe(15);
    for (const row of planeToRows(twice!)) {
      expect(row.map((value, x) => (value > 0 ? x : -1)).filter((x) => x >= 0)).toEqual([7]);
      expect(row[7]).toBe(1020);
    }
  });
});

describe('flatten', () => {
  it('lays maps out channels-last, as a dense layer after tf.layers.flatten receives them', () => {
    const a = planeFromRows([
      [1, 2],
      [3, 4],
    ]);
    const b = planeFromRows([
      [10, 20],
      [30, 40],
    ]);
    expect(Array.from(flatten([a, b]))).toEqual([1, 10, 2, 20, 3, 30, 4, 40]);
    expect(flatIndex({ channel: 1, x: 0, y: 1 }, 2, 2)).toBe(5);
    expect(flatPosition(5, 2, 2)).toEqual({ channel: 1, x: 0, y: 1 });
    expect(flatten([])).toHaveLength(0);
    expect(() => flatten([a, planeFromRows([[1]])])).toThrow(/one size/);
  });
});
