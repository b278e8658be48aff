/**
 * Fovea's forward convolution (forward-conv.ts) against the cpu backend: input channels that
 * leave short tap runs, output channels not a multiple of 8, widths that leave remainder tiles,
 * filters of several shapes, strides, 'same', 'valid', numeric and explicit padding, batches of 1
 * and odd batches, with and without bias and ReLU; then the Conv2D, FusedConv2D and
 * Conv2DBackpropInput kernels that run it. kernels.test.ts runs the tables on the
 * single-threaded module (everything on the calling thread), kernels-threads.test.ts on the
 * threaded one, where both threads take chunks of images (or of rows, for small batches) until
 * none is left; kernels-unfused.test.ts without the fused multiply-add.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { isOwnFaster } from '../../app/engine/node/kernels/conv2d.js';
import { recordLength } from '../../app/engine/node/kernels/filter-gradient-direct.js';
import { tileThreadFor } from '../../app/engine/node/kernels/filter-gradient-thread.js';
import { forwardConvolution } from '../../app/engine/node/kernels/forward-conv.js';
import { simdConvTiles } from '../../app/engine/node/kernels/simd-conv-tile.js';
import { hasMultiplyAdd } from '../../app/engine/node/kernels/wasm-assembler.js';
import { WasmKernels, type WasmBackend } from '../../app/engine/node/kernels/wasm-backend.js';
import {
  relativeError,
  tensor,
  tolerance,
  type Padding,
  type Shape4,
  type Strides,
} from './wasm-kernel-cases.js';

interface ForwardCase {
  readonly x: Shape4;
  readonly filter: Shape4;
  readonly strides: Strides;
  readonly pad: Padding;
  readonly hasBias: boolean;
  readonly isRelu: boolean;
}

const shapes: readonly Pick<ForwardCase, 'x' | 'filter'>[] = [
  // An RGB input; width 10 = two tiles of 4 pixels and one of 2.
  { x: [3, 9, 10, 3], filter: [3, 3, 3, 16] },
  // One input channel, four output channels (a tile of one vector), batch 1.
  { x: [1, 7, 9, 1], filter: [3, 3, 1, 4] },
  // 12 output channels = 8 + 4; a 5×5 filter; an odd batch.
  { x: [5, 8, 11, 5], filter: [5, 5, 5, 12] },
  // A 1×3 filter on 16 channels.
  { x: [2, 6, 7, 16], filter: [1, 3, 16, 8] },
  // A 2×2 filter (asymmetric 'same' padding), 64 output channels.
  { x: [3, 5, 13, 32], filter: [2, 2, 32, 64] },
  // Batch 1: the two threads share chunks of its rows.
  { x: [1, 6, 6, 16], filter: [3, 3, 16, 32] },
  // 17 images: chunks of whole images, each padded by the thread that takes it.
  { x: [17, 5, 6, 16], filter: [3, 3, 16, 8] },
];
const strides: readonly Strides[] = [1, 2, [1, 2]];
const paddings: readonly Padding[] = [
  'same',
  'valid',
  1,
  [
    [0, 0],
    [1, 2],
    [0, 3],
    [0, 0],
  ],
];
const cases: ForwardCase[] = shapes.flatMap((shape) =>
  strides.flatMap((stride) =>
    paddings.flatMap((pad) => [
      { ...shape, strides: stride, pad, hasBias: true, isRelu: true },
      { ...shape, strides: stride, pad, hasBias: false, isRelu: false },
    ]),
  ),
);

function label(c: ForwardCase): string {
  const extras = `${c.hasBias ? 'bias' : 'no bias'}, ${c.isRelu ? 'relu' : 'linear'}`;
  return `x ${c.x.join('×')}, filter ${c.filter.join('×')}, strides ${JSON.stringify(c.strides)}, pad ${JSON.stringify(c.pad)}, ${extras}`;
}

function kernels(): WasmKernels {
  return new WasmKernels(tf, tf.backend() as unknown as WasmBackend, new Map());
}

/** y by the direct method on wasm (on one or both threads), by the fused kernel on cpu. */
function convolutionBy(isThreaded: boolean, c: ForwardCase): tf.Tensor {
  const x = tensor(c.x, 31);
  const filter = tensor(c.filter, 32);
  const bias = c.hasBias ? tensor([c.filter[3]], 33) : null;
  const activation = c.isRelu ? 'relu' : 'linear';
  if (tf.getBackend() !== 'wasm') {
    return tf.fused.conv2d({
      x: x as tf.Tensor4D,
      filter: filter as tf.Tensor4D,
      strides: c.strides,
      pad: c.pad,
      ...(typeof c.pad === 'number' ? { dimRoundingMode: 'floor' as const } : {}),
      activation,
      ...(bias === null ? {} : { bias }),
    });
  }
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, 'floor');
  const y = forwardConvolution(kernels(), x, filter, bias, info, c.isRelu, isThreaded);
  tf.dispose([x, filter, ...(bias === null ? [] : [bias])]);
  if (y === null) throw new Error('The direct convolution did not run.');
  return tf.engine().makeTensorFromTensorInfo(y);
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

/** How many jobs `run` handed the second thread. */
async function jobsHanded(run: () => Promise<void>): Promise<number> {
  const thread = await readyThread();
  const before = thread?.handedJobs ?? 0;
  await run();
  return (thread?.handedJobs ?? 0) - before;
}

export function describeForwardConvolution(isThreaded: boolean): void {
  describe('Conv2D and FusedConv2D on wasm, direct SIMD method', () => {
    it('has its SIMD tiles, made once for the memory', () => {
      const memory = kernels().memory();
      const tiles = memory === null ? null : simdConvTiles(memory);
      expect(tiles).not.toBeNull();
      expect(memory === null ? null : simdConvTiles(memory)).toBe(tiles);
    });

    it.each(
      [true, false].flatMap((threads) =>
        cases.map((c) => [threads ? 'both threads' : 'calling thread', label(c), c] as const),
      ),
    )('on %s matches cpu: %s', async (method, _, c) => {
      await readyThread();
      const error = await relativeError(() => convolutionBy(method === 'both threads', c));
      expect(error).toBeLessThan(tolerance);
    });

    // REF-CNN's first and second layers, smaller, and a wider image: the shapes the kernels hand
    // to it. An RGB input's 3×3 filter (9 taps per filter row) is short: by the direct method only
    // with the fused multiply-add (conv2d.ts).
    const kernelCases: {
      x: Shape4;
      filter: Shape4;
      strides: Strides;
      pad: Padding;
      isShort: boolean;
    }[] = [
      { x: [2, 8, 8, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'same', isShort: true },
      { x: [3, 12, 14, 16], filter: [3, 3, 16, 32], strides: 1, pad: 'same', isShort: false },
      { x: [1, 9, 30, 8], filter: [3, 3, 8, 12], strides: 2, pad: 'valid', isShort: false },
    ];
    /** Whether the kernels run this case by the direct method, and so on both threads. */
    const isDirect = (c: (typeof kernelCases)[number]) =>
      hasMultiplyAdd() || (!isThreaded && !c.isShort);

    it('is what the kernels run: on both modules with the fused multiply-add, else on one thread and long filter rows only', () => {
      for (const c of kernelCases) {
        const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
        expect(isOwnFaster(kernels(), info)).toBe(isDirect(c));
      }
    });

    it.each(kernelCases)(
      'gives the result of tf.fused.conv2d, on both threads where it runs there: %j',
      async (c) => {
        let error = 1;
        const jobs = await jobsHanded(async () => {
          error = await relativeError(() =>
            tf.fused.conv2d({
              x: tensor(c.x, 34) as tf.Tensor4D,
              filter: tensor(c.filter, 35) as tf.Tensor4D,
              bias: tensor([c.filter[3]], 36),
              strides: c.strides,
              pad: c.pad,
              activation: 'relu',
            }),
          );
        });
        expect(error).toBeLessThan(tolerance);
        expect(jobs > 0).toBe(isThreaded && isDirect(c));
      },
    );

    it.each(cases.filter((c) => c.x[0] === 1 || c.x[0] > 16).filter((c) => c.isRelu))(
      'gives the same bits on both threads as on the calling thread: %j',
      async (c) => {
        await readyThread();
        const [both, one] = [true, false].map((threads) => {
          const y = convolutionBy(threads, c);
          const values = y.dataSync();
          y.dispose();
          return values;
        });
        expect(both).toEqual(one);
      },
    );

    it.each(kernelCases)('gives the result of tf.conv2d: %j', async (c) => {
      const error = await relativeError(() =>
        tf.conv2d(
          tensor(c.x, 37) as tf.Tensor4D,
          tensor(c.filter, 38) as tf.Tensor4D,
          c.strides,
          c.pad,
        ),
      );
      expect(error).toBeLessThan(tolerance);
    });

    it('leaves other cases to XNNPACK: 1×1 filters, sigmoid, 10 channels', async () => {
      const jobs = await jobsHanded(async () => {
        for (const [x, filter, activation] of [
          [[2, 8, 8, 16], [1, 1, 16, 8], 'relu'],
          [[2, 8, 8, 16], [3, 3, 16, 8], 'sigmoid'],
          [[2, 8, 8, 16], [3, 3, 16, 10], 'relu'],
        ] as const) {
          const error = await relativeError(() =>
            tf.fused.conv2d({
              x: tensor([...x], 39) as tf.Tensor4D,
              filter: tensor([...filter], 40) as tf.Tensor4D,
              bias: tensor([filter[3]], 41),
              strides: 1,
              pad: 'same',
              activation,
            }),
          );
          expect(error).toBeLessThan(tolerance);
        }
      });
      expect(jobs).toBe(0);
    });

    it.each([
      [1, 'same'],
      [2, 'same'],
      [1, 'valid'],
      [2, 'valid'],
    ] as const)('computes Conv2DBackpropInput, strides %j, pad %s', async (stride, pad) => {
      const x: Shape4 = [3, 9, 10, 8];
      const filter: Shape4 = [3, 3, 8, 16];
      const info = tf.backend_util.computeConv2DInfo(x, filter, stride, 1, pad);
      let error = 1;
      const jobs = await jobsHanded(async () => {
        error = await relativeError(() =>
          tf
            .engine()
            .runKernel<tf.Tensor>(
              'Conv2DBackpropInput',
              { dy: tensor(info.outShape, 42), filter: tensor(filter, 43) },
              { strides: stride, pad, dataFormat: 'NHWC', inputShape: x },
            ),
        );
      });
      expect(error).toBeLessThan(tolerance);
      // By the direct method on the threaded module only with the fused multiply-add (conv2d.ts).
      expect(jobs > 0).toBe(isThreaded && hasMultiplyAdd());
    });

    it('leaves the tensor count and the wasm heap unchanged across repeated calls', () => {
      const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
      const x = tensor([3, 10, 10, 16], 44);
      const filter = tensor([3, 3, 16, 8], 45);
      const bias = tensor([8], 46);
      const callAll = () =>
        tf.tidy(() => {
          tf.fused.conv2d({
            x: x as tf.Tensor4D,
            filter: filter as tf.Tensor4D,
            bias,
            pad: 'same',
            strides: 1,
            activation: 'relu',
          });
          tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 'valid');
        });
      callAll();
      const tensors = tf.memory().numTensors;
      const data = backend.dataIdMap.numDataIds();
      for (let call = 0; call < 5; call++) callAll();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(backend.dataIdMap.numDataIds()).toBe(data);
      tf.dispose([x, filter, bias]);
    });
  });
}
