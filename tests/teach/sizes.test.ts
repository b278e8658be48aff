import { describe, expect, it } from 'vitest';
import {
  convOutputSize,
  describeGeometryProblem,
  explainOutputSize,
  geometryProblem,
  poolOutputSize,
  samePadding,
  slidingOutputSize,
  windowOutputSize,
} from '../../app/teach/common/sizes.js';

describe('output size ⌊(n + 2p − f)/s⌋ + 1', () => {
  it.each([
    [6, 3, 4],
    [120, 5, 116],
    [420, 5, 416],
  ])('%i×%i input with a %i×%i kernel and no padding gives n − f + 1', (n, f, expected) => {
    expect(convOutputSize({ inputSize: n, kernelSize: f })).toBe(expected);
    expect(convOutputSize({ inputSize: n, kernelSize: f })).toBe(n - f + 1);
  });

  it('keeps a 6×6 input at 6×6 with a 3×3 kernel by padding it to 8×8', () => {
    const padding = samePadding(3);
    expect(padding).toBe(1);
    const explained = explainOutputSize({ inputSize: 6, kernelSize: 3, padding });
    expect(explained).toEqual({
      paddedSize: 8,
      travel: 5,
      quotient: 5,
      outputSize: 6,
      isExact: true,
    });
    expect(samePadding(5)).toBe(2);
  });

  it('rounds down when the stride does not fit a whole number of times', () => {
    expect(explainOutputSize({ inputSize: 7, kernelSize: 3, stride: 2 })).toMatchObject({
      outputSize: 3,
      isExact: true,
    });
    // ⌊5 / 2⌋ + 1 = 2 + 1 = 3: the floor is part of the arithmetic shown.
    expect(explainOutputSize({ inputSize: 8, kernelSize: 3, stride: 2 })).toMatchObject({
      travel: 5,
      quotient: 2,
      outputSize: 3,
      isExact: false,
    });
    expect(convOutputSize({ inputSize: 7, kernelSize: 3, padding: 1, stride: 2 })).toBe(4);
  });

  it('gives the pooled size: 2×2 windows halve an even side and drop an odd last column', () => {
    expect(poolOutputSize(4, 2)).toBe(2);
    expect(poolOutputSize(126, 2)).toBe(63);
    expect(poolOutputSize(63, 2)).toBe(31);
  });

  it('says what was expected when the arguments make no sense', () => {
    expect(() => convOutputSize({ inputSize: 2, kernelSize: 5 })).toThrow(/does not fit/);
    expect(() => convOutputSize({ inputSize: 6, kernelSize: 3, stride: 0 })).toThrow(
      /stride must be an integer ≥ 1; got 0/,
    );
    expect(() => samePadding(4)).toThrow(/odd kernel/);
  });
});

describe('one formula for the Learn area and the model summary', () => {
  it('gives TensorFlow sizes: valid is the formula with p = 0, same is ⌈n/s⌉', () => {
    expect(windowOutputSize(6, 3, 1, 'valid')).toBe(4);
    expect(windowOutputSize(63, 2, 2, 'valid')).toBe(31);
    expect(windowOutputSize(7, 3, 2, 'same')).toBe(4);
    expect(windowOutputSize(64, 3, 1, 'same')).toBe(64);
  });

  it('lets the unchecked formula go below 1 when the window does not fit', () => {
    expect(slidingOutputSize({ inputSize: 2, kernelSize: 5 })).toBeLessThan(1);
  });

  it('names a geometry problem as data, so it can be worded in any language', () => {
    expect(geometryProblem({ inputSize: 6, kernelSize: 3 })).toBeUndefined();
    expect(geometryProblem({ inputSize: 6, kernelSize: 3, stride: 0 })).toEqual({
      kind: 'not-whole',
      field: 'stride',
      minimum: 1,
      value: 0,
    });
    expect(geometryProblem({ inputSize: 6, kernelSize: 3, padding: 0.5 })).toMatchObject({
      field: 'padding',
      minimum: 0,
    });
    const tooLarge = geometryProblem({ inputSize: 2, kernelSize: 5, padding: 1 });
    expect(tooLarge).toEqual({ kind: 'kernel-too-large', kernelSize: 5, paddedSize: 4 });
    expect(tooLarge && describeGeometryProblem(tooLarge)).toMatch(
      /5×5 kernel does not fit in a 4×4/,
    );
  });
});
