/**
 * The direct SIMD filter gradient (filter-gradient-direct.ts) against the cpu backend: channel
 * counts that leave remainders in its tiles (odd input channels, output channels not a multiple
 * of 8), strides, 'same', 'valid' and explicit padding, and batches that split unevenly between
 * the two threads. kernels.test.ts runs it on the single-threaded module (everything on the
 * calling thread), kernels-threads.test.ts on the threaded one, where a second thread takes half
 * of each batch.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import {
  filterGradient,
  type FilterGradientMethod,
} from '../../app/engine/node/kernels/conv2d-backprop-filter.js';
import { recordLength } from '../../app/engine/node/kernels/filter-gradient-direct.js';
import { tileThreadFor } from '../../app/engine/node/kernels/filter-gradient-thread.js';
import { simdFilterTiles } from '../../app/engine/node/kernels/simd-filter-tile.js';
import { WasmKernels, type WasmBackend } from '../../app/engine/node/kernels/wasm-backend.js';
import {
  relativeError,
  tensor,
  tolerance,
  type Padding,
  type Shape4,
  type Strides,
} from './wasm-kernel-cases.js';

interface DirectCase {
  readonly x: Shape4;
  readonly filter: Shape4;
  readonly strides: Strides;
  readonly pad: Padding;
}

const shapes: readonly Pick<DirectCase, 'x' | 'filter'>[] = [
  // REF-CNN's first layer (3 input channels: a tile of 3 rows), smaller.
  { x: [4, 12, 12, 3], filter: [3, 3, 3, 16] },
  // 7 = a tile of 4 input channels and one of 3; 12 output channels = 8 + 4.
  { x: [3, 9, 10, 7], filter: [3, 3, 7, 12] },
  // One input channel, four output channels; a wide filter.
  { x: [5, 8, 11, 1], filter: [2, 5, 1, 4] },
  // Batch 1: nothing for a second thread; 5 input channels = 4 + 1, 20 output = 16 + 4.
  { x: [1, 7, 6, 5], filter: [3, 3, 5, 20] },
  // Several full tiles of 4 × 8 (REF-CNN's second layer, smaller).
  { x: [2, 5, 5, 16], filter: [3, 3, 16, 32] },
  // A filter larger than the padded input in one dimension leaves taps with no valid row.
  { x: [3, 4, 9, 6], filter: [5, 1, 6, 8] },
];
const strides: readonly DirectCase['strides'][] = [1, 2, [1, 3]];
const paddings: readonly Padding[] = [
  'same',
  'valid',
  2,
  [
    [0, 0],
    [0, 1],
    [3, 0],
    [0, 0],
  ],
];
const cases: DirectCase[] = shapes.flatMap((shape) =>
  strides.flatMap((stride) => paddings.map((pad) => ({ ...shape, strides: stride, pad }))),
);

function outputShape(c: DirectCase): Shape4 {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, 'floor').outShape;
}

function label(c: DirectCase): string {
  return `x ${c.x.join('×')}, filter ${c.filter.join('×')}, strides ${JSON.stringify(c.strides)}, pad ${JSON.stringify(c.pad)}`;
}

function kernels(): WasmKernels {
  return new WasmKernels(tf, tf.backend() as unknown as WasmBackend, new Map());
}

/** dW by one method on wasm, by the kernel on cpu. */
function gradientBy(method: FilterGradientMethod, c: DirectCase): tf.Tensor {
  const inputs = { x: tensor(c.x, 21), dy: tensor(outputShape(c), 22) };
  const attrs = {
    strides: c.strides,
    pad: c.pad,
    dataFormat: 'NHWC',
    dimRoundingMode: 'floor',
    filterShape: c.filter,
  };
  if (tf.getBackend() !== 'wasm') {
    return tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', inputs, attrs);
  }
  const gradient = filterGradient(kernels(), inputs, attrs, method);
  tf.dispose([inputs.x, inputs.dy]);
  return tf.engine().makeTensorFromTensorInfo(gradient);
}

/** The second thread of the backend's memory once it is ready; null where memory is not shared. */
async function readyThread() {
  const memory = kernels().memory();
  const thread = memory === null ? null : tileThreadFor(memory, recordLength);
  for (let wait = 0; thread !== null && !thread.isReady() && wait < 200; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return thread;
}

export function describeDirectFilterGradient(isThreaded: boolean): void {
  describe('Conv2DBackpropFilter on wasm, direct SIMD method', () => {
    it('has its SIMD tiles and, on the threaded module only, a second thread', async () => {
      const memory = kernels().memory();
      expect(memory === null ? null : simdFilterTiles(memory)).not.toBeNull();
      const thread = await readyThread();
      expect(thread?.isReady() ?? false).toBe(isThreaded);
    });

    const methods: FilterGradientMethod[] = ['direct', 'directCallingThread'];
    it.each(methods.flatMap((method) => cases.map((c) => [method, label(c), c] as const)))(
      '%s matches cpu: %s',
      async (method, _, c) => {
        await readyThread();
        expect(await relativeError(() => gradientBy(method, c))).toBeLessThan(tolerance);
      },
    );

    it('gives the same bits whether or not the second thread takes its half', async () => {
      await readyThread();
      const c: DirectCase = { x: [7, 9, 11, 5], filter: [3, 3, 5, 12], strides: 1, pad: 'same' };
      const [byTwo, byOne] = [gradientBy('direct', c), gradientBy('directCallingThread', c)];
      expect(Array.from(await byTwo.data())).toEqual(Array.from(await byOne.data()));
      tf.dispose([byTwo, byOne]);
    });

    // Rows of ~90 KB of x and dy: each output row is a chunk of its own (filter-gradient-direct.ts);
    // 100 tile calls per image: more images than one job of the second thread holds, grouped.
    it.each([
      { x: [2, 6, 200, 40], filter: [3, 3, 40, 72], strides: 1, pad: 'same' },
      { x: [3, 7, 150, 24], filter: [3, 2, 24, 96], strides: [2, 1], pad: 'valid' },
      { x: [45, 5, 6, 7], filter: [5, 5, 7, 12], strides: 1, pad: 'same' },
    ] as DirectCase[])('matches cpu on wide images and large batches: %j', async (c) => {
      await readyThread();
      expect(await relativeError(() => gradientBy('direct', c))).toBeLessThan(tolerance);
    });

    it('is what the kernel runs, and hands half of a batch to the second thread', async () => {
      const thread = await readyThread();
      const handed = thread?.handedJobs ?? 0;
      const c: DirectCase = { x: [5, 10, 10, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'same' };
      const error = await relativeError(() =>
        tf
          .engine()
          .runKernel<tf.Tensor>(
            'Conv2DBackpropFilter',
            { x: tensor(c.x, 23), dy: tensor(outputShape(c), 24) },
            { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: c.filter },
          ),
      );
      expect(error).toBeLessThan(tolerance);
      expect((thread?.handedJobs ?? 0) - handed).toBe(isThreaded ? 1 : 0);
    });
  });
}
