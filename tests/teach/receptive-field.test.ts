import { describe, expect, it } from 'vitest';
import {
  clipField,
  fieldSize,
  layerSides,
  receptiveField,
} from '../../app/teach/common/receptive-field.js';
import type { FieldLayer } from '../../app/teach/common/receptive-field.js';

const conv3: FieldLayer = { kind: 'conv', size: 3 };
const pool2: FieldLayer = { kind: 'pool', size: 2 };

describe('receptive fields', () => {
  it('is the 3×3 window for one conv layer', () => {
    expect(receptiveField([conv3], 0, 0)).toEqual({ left: 0, top: 0, right: 3, bottom: 3 });
    expect(receptiveField([conv3], 4, 2)).toEqual({ left: 4, top: 2, right: 7, bottom: 5 });
  });

  it('grows through conv 3×3 → pool 2 → conv 3×3 → pool 2', () => {
    const stack = [conv3, pool2, conv3, pool2];
    expect(fieldSize([conv3])).toEqual({ size: 3, jump: 1 });
    expect(fieldSize([conv3, pool2])).toEqual({ size: 4, jump: 2 });
    expect(fieldSize([conv3, pool2, conv3])).toEqual({ size: 8, jump: 2 });
    expect(fieldSize(stack)).toEqual({ size: 10, jump: 4 });
    // Cell (1, 2) of the last map: columns 4–13, rows 8–17 of the input.
    expect(receptiveField(stack, 1, 2)).toEqual({ left: 4, top: 8, right: 14, bottom: 18 });
    expect(layerSides(64, stack)).toEqual([64, 62, 31, 29, 14]);
  });

  it('reaches into the padding, and clips to the image', () => {
    const padded: FieldLayer[] = [{ kind: 'conv', size: 3, padding: 1 }, pool2];
    const rect = receptiveField(padded, 0, 0);
    expect(rect).toEqual({ left: -1, top: -1, right: 3, bottom: 3 });
    expect(clipField(rect, 8, 8)).toEqual({ left: 0, top: 0, right: 3, bottom: 3 });
    expect(layerSides(8, padded)).toEqual([8, 8, 4]);
  });

  it('agrees with the sizes: the last cell sees the last input pixels', () => {
    const stack = [conv3, pool2, conv3];
    const sides = layerSides(30, stack);
    const last = (sides.at(-1) ?? 0) - 1;
    expect(receptiveField(stack, last, last)).toMatchObject({ right: 30, bottom: 30 });
    expect(() => receptiveField(stack, -1, 0)).toThrow(/non-negative/);
  });
});
