import { describe, expect, it } from 'vitest';
import {
  convLayerCount,
  denseLayerCount,
  denseStackCount,
  parseWidths,
  convWeights,
  denseWeights,
} from '../../app/teach/common/parameters.js';
import { describeModel } from '../../app/engine/common/spec.js';

describe('dense layers on raw pixels', () => {
  it('gives 22,579,328 parameters for 128 units on a 420×420 grayscale image', () => {
    const stack = denseStackCount(420, 1, [128]);
    expect(stack.inputs).toBe(176_400);
    expect(stack.layers[0]).toEqual({
      inputs: 176_400,
      units: 128,
      weights: 22_579_200,
      biases: 128,
      parameters: 22_579_328,
    });
    expect(stack.total).toBe(22_579_328);
  });

  it('totals a 128-256-1 stack, and the single layers of 256 and 1 units', () => {
    const stack = denseStackCount(420, 1, [128, 256, 1]);
    expect(stack.layers.map((layer) => layer.parameters)).toEqual([22_579_328, 33_024, 257]);
    expect(stack.total).toBe(22_612_609);
    expect(denseStackCount(420, 1, [256]).total).toBe(45_158_656);
    expect(denseStackCount(420, 1, [1]).total).toBe(176_401);
    expect(denseStackCount(420, 3, [128]).total).toBe(67_737_728);
  });

  it('refuses a layer of no units', () => {
    expect(() => denseLayerCount(10, 0)).toThrow(/units must be a whole number ≥ 1; got 0/);
  });
});

describe('one shared convolution filter', () => {
  it('has 26 parameters (5·5 + 1) shared by 416×416 = 173,056 neurons', () => {
    const conv = convLayerCount(420, 1, 5);
    expect(conv).toMatchObject({ weights: 25, biases: 1, parameters: 26, outputSide: 416 });
    expect(conv.neuronsPerFilter).toBe(173_056);
  });

  it('counts (f·f·c + 1)·k for k filters on c channels', () => {
    expect(convLayerCount(64, 3, 3, 32).parameters).toBe(896);
    expect(convLayerCount(6, 1, 3).outputSide).toBe(4);
  });
});

describe('reading layer widths', () => {
  it.each([
    ['128, 256, 1', [128, 256, 1]],
    ['128-256-1', [128, 256, 1]],
    ['64 10', [64, 10]],
  ])('reads %j', (text, widths) => {
    expect(parseWidths(text)).toEqual(widths);
  });

  it.each(['', 'a, 2', '1.5', '0'])('refuses %j', (text) => {
    expect(parseWidths(text)).toBeUndefined();
  });
});

describe('the model summary counts with the same formulas', () => {
  it('gives each conv and dense layer the parameters of convWeights and denseWeights', () => {
    const summary = describeModel(
      {
        name: 'small',
        layers: [
          { type: 'conv2d', filters: 8, kernelSize: 5, padding: 'valid', activation: 'relu' },
          { type: 'maxPool2d', poolSize: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 2, activation: 'softmax' },
        ],
      },
      { size: 20, classes: 2 },
    );
    expect(summary.issues).toEqual([]);
    expect(summary.layers[0]?.parameters).toBe(convWeights(5, 3, 8).parameters);
    expect(summary.layers[0]?.outputShape).toEqual([16, 16, 8]);
    expect(summary.layers[3]?.parameters).toBe(denseWeights(8 * 8 * 8, 2).parameters);
  });
});
