import { describe, expect, it } from 'vitest';
import { conv2d } from '../../app/teach/common/convolution.js';
import {
  articleKernel,
  convWithBias,
  exampleMatrix,
  exampleMatrixIds,
} from '../../app/teach/common/step-trace.js';
import { convStep, convSteps, stepCount } from '../../app/teach/common/step-trace.js';
import { kernelPreset, kernelPresetIds } from '../../app/teach/common/kernels.js';

describe('step by step', () => {
  it('shows the window, the products and the sum of the first step', () => {
    const step = convStep(exampleMatrix('step-edge'), kernelPreset('sobel-vertical'), 1);
    expect(step).toMatchObject({ index: 1, outX: 1, outY: 0, left: 1, top: 0, sum: 40 });
    expect(step.window).toEqual([0, 0, 10, 0, 0, 10, 0, 0, 10]);
    expect(step.products).toEqual([-0, 0, 10, -0, 0, 20, -0, 0, 10]);
  });

  it('fills the same output as conv2d, for every preset, example, stride and padding', () => {
    for (const id of exampleMatrixIds) {
      const input = exampleMatrix(id);
      for (const preset of kernelPresetIds) {
        for (const options of [{}, { padding: 1 }, { stride: 2 }, { stride: 2, padding: 1 }]) {
          const kernel = kernelPreset(preset);
          const expected = conv2d(input, kernel, options);
          const steps = [...convSteps(input, kernel, options)];
          expect(steps).toHaveLength(expected.data.length);
          expect(stepCount(input, kernel, options)).toBe(expected.data.length);
          steps.forEach((step) => {
            expect(step.sum).toBeCloseTo(expected.data[step.index] ?? Number.NaN, 4);
            expect(step.outY * expected.width + step.outX).toBe(step.index);
          });
        }
      }
    }
  });

  it('uses zeros where the window covers the padding', () => {
    const step = convStep(exampleMatrix('numbers'), kernelPreset('identity'), 0, { padding: 1 });
    expect(step).toMatchObject({ left: -1, top: -1, sum: 3 });
    expect(step.window).toEqual([0, 0, 0, 0, 3, 0, 0, 1, 5]);
  });
});

describe("the article's worked example", () => {
  it('gives 5 at the first position: w1 = w2 = w5 = 2, w9 = 1 over x1 = 0, x2 = x5 = x9 = 1', () => {
    const kernel = articleKernel();
    expect(Array.from(kernel.weights)).toEqual([2, 2, 0, 0, 2, 0, 0, 0, 1]);
    const step = convStep(exampleMatrix('article'), kernel, 0);
    expect(step.window).toEqual([0, 1, 0, 0, 1, 0, 0, 0, 1]);
    expect(step.products).toEqual([0, 2, 0, 0, 2, 0, 0, 0, 1]);
    expect(step).toMatchObject({ sum: 5, bias: 0, output: 5 });
  });

  it('adds the one bias of the filter at every position', () => {
    const input = exampleMatrix('article');
    const kernel = articleKernel();
    const withBias = convWithBias(input, kernel, { bias: -2 });
    const plain = conv2d(input, kernel);
    for (const step of convSteps(input, kernel, { bias: -2 })) {
      expect(step.output).toBe(step.sum - 2);
      expect(withBias.data[step.index]).toBe(plain.data[step.index]! - 2);
    }
  });
});
