/**
 * Fovea's depthwise-convolution gradients on wasm against the cpu backend, over a table of shapes,
 * multipliers, strides, dilations and paddings: the kernels called directly, and as tf.grads of a
 * depthwise convolution (how a MobileNet block trains). kernels.test.ts and
 * kernels-threads.test.ts call `describeDepthwiseKernels` with their backend started.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import {
  relativeError,
  tensor,
  tolerance,
  type Padding,
  type Shape4,
  type Strides,
} from './wasm-kernel-cases.js';

interface DepthwiseCase {
  readonly x: Shape4;
  /** [fh, fw, channels, multiplier]. */
  readonly filter: Shape4;
  readonly strides: Strides;
  readonly dilations: number;
  readonly pad: Padding;
}

const shapes: readonly Pick<DepthwiseCase, 'x' | 'filter'>[] = [
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 1] },
  { x: [3, 8, 11, 4], filter: [3, 2, 4, 2] },
  { x: [1, 14, 14, 32], filter: [3, 3, 32, 1] },
  { x: [4, 7, 6, 5], filter: [5, 5, 5, 3] },
  { x: [2, 6, 6, 8], filter: [1, 1, 8, 1] },
];
const paddings: readonly Padding[] = [
  'same',
  'valid',
  1,
  [
    [0, 0],
    [2, 0],
    [1, 3],
    [0, 0],
  ],
];
const strides: readonly DepthwiseCase['strides'][] = [1, 2, [2, 1]];
const cases: DepthwiseCase[] = shapes.flatMap((shape) =>
  strides.flatMap((stride) =>
    paddings.map((pad) => ({ ...shape, strides: stride, dilations: 1, pad })),
  ),
);

function name({ x, filter, strides, dilations, pad }: DepthwiseCase): string {
  return `x ${x.join('×')}, filter ${filter.join('×')}, strides ${JSON.stringify(strides)}, dilations ${dilations}, pad ${JSON.stringify(pad)}`;
}

function attrs(c: DepthwiseCase): tf.NamedAttrMap {
  return {
    strides: c.strides,
    dilations: c.dilations,
    pad: c.pad,
    dataFormat: 'NHWC',
    dimRoundingMode: 'floor',
  };
}

function outShape(c: DepthwiseCase): Shape4 {
  return tf.backend_util.computeConv2DInfo(
    c.x,
    c.filter,
    c.strides,
    c.dilations,
    c.pad,
    'floor',
    true,
  ).outShape;
}

function runKernel(kernel: string, inputs: tf.NamedTensorMap, extra: tf.NamedAttrMap): tf.Tensor {
  return tf.engine().runKernel<tf.Tensor>(kernel, inputs, extra);
}

export function describeDepthwiseKernels(): void {
  describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
    it.each(cases.map((c) => [name(c), c] as const))('matches cpu: %s', async (_, c) => {
      const error = await relativeError(() =>
        runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy: tensor(outShape(c), 2), filter: tensor(c.filter, 3) },
          { ...attrs(c), inputShape: c.x },
        ),
      );
      expect(error).toBeLessThan(tolerance);
    });
  });

  describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
    it.each(cases.map((c) => [name(c), c] as const))('matches cpu: %s', async (_, c) => {
      const error = await relativeError(() =>
        runKernel(
          'DepthwiseConv2dNativeBackpropFilter',
          { x: tensor(c.x, 1), dy: tensor(outShape(c), 2) },
          { ...attrs(c), filterShape: c.filter },
        ),
      );
      expect(error).toBeLessThan(tolerance);
    });
  });

  describe('gradients of a depthwise convolution on wasm', () => {
    const loss = (c: DepthwiseCase) => (x: tf.Tensor, w: tf.Tensor) =>
      tf
        .depthwiseConv2d(
          x as tf.Tensor4D,
          w as tf.Tensor4D,
          c.strides,
          c.pad as 'same',
          'NHWC',
          c.dilations,
        )
        .square()
        .sum();
    const gradientCases = cases.filter((c) => c.pad === 'same' || c.pad === 'valid');
    it.each(gradientCases.map((c) => [name(c), c] as const))('match cpu: %s', async (_, c) => {
      for (const which of [0, 1]) {
        const error = await relativeError(() => {
          const gradients = tf.grads(loss(c))([tensor(c.x, 1), tensor(c.filter, 3)]);
          gradients[1 - which]!.dispose();
          return gradients[which]!;
        });
        expect(error).toBeLessThan(tolerance);
      }
    });

    it('refuses dilation, which tfjs cannot differentiate either', () => {
      const c: DepthwiseCase = { ...cases[0]!, dilations: 2 };
      const dy = tensor(outShape(c), 2);
      expect(() =>
        runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy, filter: tensor(c.filter, 3) },
          { ...attrs(c), inputShape: c.x },
        ),
      ).toThrow(/supports dilation 1 only/);
    });

    it('leaves no tensor behind', () => {
      const c = cases[0]!;
      const [x, w] = [tensor(c.x, 1), tensor(c.filter, 3)];
      const before = tf.memory().numTensors;
      tf.dispose(tf.grads(loss(c))([x, w]));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, w]);
    });
  });
}
