/**
 * Fovea's wasm kernels against the cpu backend, kernel by kernel over a table of shapes, strides,
 * paddings and channel counts. kernels.test.ts runs the tables on the single-threaded wasm module,
 * kernels-threads.test.ts on the threaded one; each starts its backend before calling
 * `describeWasmKernels`. Whole-model gradients are in kernels-model.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { seededRandom } from '../../app/base/common/random.js';
import {
  filterGradient,
  type FilterGradientMethod,
} from '../../app/engine/node/kernels/conv2d-backprop-filter.js';
import { registerWasmKernels } from '../../app/engine/node/kernels/index.js';
import { simdRowGrad } from '../../app/engine/node/kernels/simd-pool-grad.js';
import { augmentBatch } from '../../app/engine/node/augment.js';
import { defaultTrainingConfig } from '../../app/engine/common/presets.js';
import { WasmKernels, type WasmBackend } from '../../app/engine/node/kernels/wasm-backend.js';

type Attrs = tf.NamedAttrMap;
export type Shape4 = [number, number, number, number];
export type Padding =
  'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
export type Strides = number | [number, number];

/** Uniform values in [-1, 1); `levels` > 0 rounds them to that many steps, to make ties. */
function values(size: number, seed: number, levels = 0): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => {
    const value = random() * 2 - 1;
    return levels > 0 ? Math.round(value * levels) / levels : value;
  });
}

export function tensor(shape: number[], seed: number, levels = 0): tf.Tensor {
  return tf.tensor(
    values(
      shape.reduce((a, b) => a * b, 1),
      seed,
      levels,
    ),
    shape,
  );
}

/** Runs `make` on a backend and returns its result's values and shape, leaving no tensor behind. */
async function runOn(backend: 'wasm' | 'cpu', make: () => tf.Tensor): Promise<tf.Tensor> {
  await tf.setBackend(backend);
  const result = make();
  const copy = tf.tensor(await result.data(), result.shape);
  result.dispose();
  return copy;
}

/** The largest difference between wasm and cpu, relative to the largest magnitude on cpu. */
export async function relativeError(make: () => tf.Tensor): Promise<number> {
  const fovea = await runOn('wasm', make);
  const reference = await runOn('cpu', make);
  await tf.setBackend('wasm');
  expect(fovea.shape).toEqual(reference.shape);
  const a = fovea.dataSync();
  const b = reference.dataSync();
  let difference = 0;
  let scale = 0;
  for (let index = 0; index < b.length; index++) {
    difference = Math.max(difference, Math.abs((a[index] ?? 0) - (b[index] ?? 0)));
    scale = Math.max(scale, Math.abs(b[index] ?? 0));
  }
  tf.dispose([fovea, reference]);
  return difference / Math.max(scale, 1e-6);
}

export const tolerance = 1e-5;

function outputShape(
  x: number[],
  filter: number[],
  strides: Strides,
  pad: Padding,
): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo(
    x as [number, number, number, number],
    filter as [number, number, number, number],
    strides,
    1,
    pad,
    'floor',
  );
  return info.outShape;
}

interface ConvCase {
  readonly x: Shape4;
  readonly filter: Shape4;
  readonly strides: Strides;
  readonly pad: Padding;
}

const convShapes: readonly Pick<ConvCase, 'x' | 'filter'>[] = [
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4] },
  { x: [3, 8, 11, 1], filter: [2, 3, 1, 8] },
  { x: [1, 7, 6, 16], filter: [5, 5, 16, 2] },
  { x: [4, 6, 6, 8], filter: [1, 1, 8, 16] },
];
const convStrides: readonly Strides[] = [1, 2, [2, 1]];
const convPaddings: readonly Padding[] = [
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
const convCases: ConvCase[] = convShapes.flatMap((shape) =>
  convStrides.flatMap((strides) => convPaddings.map((pad) => ({ ...shape, strides, pad }))),
);

function name({ x, filter, strides, pad }: ConvCase): string {
  return `x ${x.join('×')}, filter ${filter.join('×')}, strides ${JSON.stringify(strides)}, pad ${JSON.stringify(pad)}`;
}

function convAttrs({ strides, pad }: ConvCase): Attrs {
  return { strides, pad, dataFormat: 'NHWC', dimRoundingMode: 'floor' };
}

/** The kernel tables, on whichever wasm module the calling test file started. */
export function describeWasmKernels(): void {
  describe('Conv2DBackpropFilter on wasm', () => {
    it.each(convCases.map((c) => [name(c), c] as const))('matches cpu: %s', async (_, c) => {
      const dyShape = outputShape(c.x, c.filter, c.strides, c.pad);
      const error = await relativeError(() =>
        tf
          .engine()
          .runKernel<tf.Tensor>(
            'Conv2DBackpropFilter',
            { x: tensor(c.x, 1), dy: tensor(dyShape, 2) },
            { ...convAttrs(c), filterShape: c.filter },
          ),
      );
      expect(error).toBeLessThan(tolerance);
    });
  });

  /** The filter gradient by one method on wasm (where it applies), by the kernel on cpu. */
  function filterGradientBy(method: FilterGradientMethod, c: ConvCase): tf.Tensor {
    const dyShape = outputShape(c.x, c.filter, c.strides, c.pad);
    const inputs = { x: tensor(c.x, 1), dy: tensor(dyShape, 2) };
    const attrs = { ...convAttrs(c), filterShape: c.filter };
    if (tf.getBackend() !== 'wasm') {
      return tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', inputs, attrs);
    }
    const wasm = new WasmKernels(tf, tf.backend() as unknown as WasmBackend, new Map());
    const gradient = filterGradient(wasm, inputs, attrs, method);
    tf.dispose([inputs.x, inputs.dy]);
    return tf.engine().makeTensorFromTensorInfo(gradient);
  }

  describe('Conv2DBackpropFilter on wasm, each method', () => {
    const methods: FilterGradientMethod[] = ['dyAsFilter', 'patches'];
    it.each(methods.flatMap((method) => convCases.map((c) => [method, name(c), c] as const)))(
      '%s matches cpu: %s',
      async (method, _, c) => {
        expect(await relativeError(() => filterGradientBy(method, c))).toBeLessThan(tolerance);
      },
    );

    it('computes the layers of REF-CNN (the direct method)', async () => {
      for (const [x, filter] of [
        [
          [2, 16, 16, 3],
          [3, 3, 3, 16],
        ],
        [
          [2, 8, 8, 16],
          [3, 3, 16, 32],
        ],
      ] as const) {
        const c: ConvCase = { x: [...x], filter: [...filter], strides: 1, pad: 'same' };
        const error = await relativeError(() => {
          const dy = tensor(outputShape(c.x, c.filter, 1, 'same'), 2);
          return tf
            .engine()
            .runKernel<tf.Tensor>(
              'Conv2DBackpropFilter',
              { x: tensor(c.x, 1), dy },
              { ...convAttrs(c), filterShape: c.filter },
            );
        });
        expect(error).toBeLessThan(tolerance);
      }
    });
  });

  describe('Conv2DBackpropInput on wasm', () => {
    it.each(convCases.map((c) => [name(c), c] as const))('matches cpu: %s', async (_, c) => {
      const dyShape = outputShape(c.x, c.filter, c.strides, c.pad);
      const error = await relativeError(() =>
        tf
          .engine()
          .runKernel<tf.Tensor>(
            'Conv2DBackpropInput',
            { dy: tensor(dyShape, 2), filter: tensor(c.filter, 3) },
            { ...convAttrs(c), inputShape: c.x },
          ),
      );
      expect(error).toBeLessThan(tolerance);
    });

    it('gives the gradients of tf.conv2d through tf.grads', async () => {
      const c = convCases[1] as ConvCase;
      for (const index of [0, 1]) {
        const error = await relativeError(() => {
          const gradients = tf.grads((x: tf.Tensor, filter: tf.Tensor) =>
            tf
              .conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides, 'same')
              .square()
              .sum(),
          )([tensor(c.x, 1), tensor(c.filter, 3)]);
          return gradients[index] as tf.Tensor;
        });
        expect(error).toBeLessThan(tolerance);
      }
    });
  });

  interface PoolCase {
    readonly x: Shape4;
    readonly filterSize: number | [number, number];
    readonly strides: Strides;
    readonly pad: 'same' | 'valid' | number;
  }

  const poolCases: PoolCase[] = [
    [2, 8, 8, 3],
    [1, 7, 9, 16],
  ].flatMap((x) =>
    ([2, 3, [3, 2]] as PoolCase['filterSize'][]).flatMap((filterSize) =>
      convStrides.flatMap((strides) =>
        (['same', 'valid', 1] as const).map((pad) => ({
          x: x as [number, number, number, number],
          filterSize,
          strides,
          pad,
        })),
      ),
    ),
  );

  function rounding(pad: unknown): 'floor' | undefined {
    return typeof pad === 'number' ? 'floor' : undefined;
  }

  describe('MaxPoolGrad on wasm', () => {
    const label = (c: PoolCase) =>
      `x ${c.x.join('×')}, filter ${JSON.stringify(c.filterSize)}, strides ${JSON.stringify(c.strides)}, pad ${c.pad}`;

    it.each(poolCases.map((c) => [label(c), c] as const))('matches cpu: %s', async (_, c) => {
      const attrs = {
        filterSize: c.filterSize,
        strides: c.strides,
        pad: c.pad,
        ...(typeof c.pad === 'number' ? { dimRoundingMode: 'floor' } : {}),
      };
      const { outShape } = tf.backend_util.computePool2DInfo(
        c.x,
        c.filterSize,
        c.strides,
        1,
        c.pad,
        rounding(c.pad),
      );
      // Few distinct values, a third of them zero: many windows have tied maxima. The forward
      // output is not read by either backend, so dy stands in for it.
      const error = await relativeError(() => {
        const dy = tensor(outShape, 5);
        const input = tensor(c.x, 4, 2).relu();
        return tf.engine().runKernel<tf.Tensor>('MaxPoolGrad', { dy, input, output: dy }, attrs);
      });
      expect(error).toBeLessThan(tolerance);
    });

    it('gives no gradient to windows of −∞ and skips NaN, as cpu does (2×2 path)', async () => {
      const x = [-Infinity, -Infinity, Number.NaN, 1, -Infinity, -Infinity, 2, Number.NaN];
      const error = await relativeError(() => {
        const input = tf.tensor4d(x, [1, 2, 4, 1]);
        const dy = tf.tensor4d([3, 5], [1, 1, 2, 1]);
        return tf
          .engine()
          .runKernel<tf.Tensor>(
            'MaxPoolGrad',
            { dy, input, output: dy },
            { filterSize: 2, strides: 2, pad: 'valid' },
          );
      });
      expect(error).toBe(0);
    });

    it.each([
      [2, 8, 8, 32],
      [3, 9, 7, 4],
      [1, 4, 6, 64],
    ])('runs the 2×2 SIMD path as cpu does, ties, NaN and −∞ included: x %j', async (...x) => {
      const wasm = new WasmKernels(tf, tf.backend() as unknown as WasmBackend, new Map());
      const memory = wasm.memory();
      expect(memory === null ? null : simdRowGrad(memory)).not.toBeNull();
      const shape = x;
      const size = shape.reduce((p, q) => p * q, 1);
      const inputValues = values(size, 7, 2).map((value, index) =>
        index % 97 === 0 ? Number.NaN : index % 89 === 0 ? Number.NEGATIVE_INFINITY : value,
      );
      const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
      const { outShape } = tf.backend_util.computePool2DInfo(shape, 2, 2, 1, 'valid');
      const error = await relativeError(() => {
        const dy = tensor(outShape, 8);
        const input = tf.tensor(inputValues, shape).relu();
        return tf.engine().runKernel<tf.Tensor>('MaxPoolGrad', { dy, input, output: dy }, attrs);
      });
      expect(error).toBe(0);
    });

    // tfjs-backend-wasm 4.22's forward MaxPool corrupts its heap with numeric padding, so only
    // 'same' and 'valid' go through tf.maxPool here.
    const layerCases = poolCases.filter((c) => typeof c.pad === 'string');
    it.each(layerCases.map((c) => [label(c), c] as const))(
      'gives the gradient of tf.maxPool: %s',
      async (_, c) => {
        const error = await relativeError(() =>
          tf.grad((x: tf.Tensor) =>
            tf
              .maxPool(x.relu<tf.Tensor4D>(), c.filterSize, c.strides, c.pad)
              .mul(tf.range(1, 2, 1 / 64).slice(0, c.x[3]))
              .sum(),
          )(tensor(c.x, 4, 2)),
        );
        expect(error).toBeLessThan(tolerance);
      },
    );
  });

  describe('FoveaReluGrad on wasm', () => {
    it.each([[[2, 5, 3, 4]], [[3, 7]], [[1]]])(
      'is dy where y > 0, as dy·step(y) on cpu: shape %j',
      async (shape) => {
        const error = await relativeError(() => {
          const dy = tensor(shape, 9);
          const y = tensor(shape, 10, 2).relu();
          return tf.getBackend() === 'wasm'
            ? tf.engine().runKernel<tf.Tensor>('FoveaReluGrad', { dy, y }, {})
            : tf.mul(dy, tf.step(y));
        });
        expect(error).toBe(0);
      },
    );
  });

  describe('BatchMatMul and _FusedMatMul on wasm', () => {
    const cases = [
      { a: [7, 5], b: [7, 4], transposeA: true, transposeB: false },
      { a: [7, 5], b: [4, 5], transposeA: false, transposeB: true },
      { a: [5, 7], b: [4, 5], transposeA: true, transposeB: true },
      { a: [1, 33, 65], b: [1, 17, 65], transposeA: false, transposeB: true },
      { a: [3, 6, 5], b: [3, 6, 4], transposeA: true, transposeB: false },
      { a: [32, 300], b: [300, 64], transposeA: false, transposeB: false },
      // b far larger than a: computed as (b·aᵀ)ᵀ.
      { a: [3, 8], b: [50, 8], transposeA: false, transposeB: true },
      { a: [1, 4, 16], b: [1, 90, 16], transposeA: false, transposeB: true },
    ];

    it.each(cases.map((c) => [JSON.stringify(c), c] as const))('matches cpu: %s', async (_, c) => {
      const error = await relativeError(() =>
        tf.matMul(tensor(c.a, 5), tensor(c.b, 6), c.transposeA, c.transposeB),
      );
      expect(error).toBeLessThan(tolerance);
    });

    it.each(cases.slice(0, 4).map((c) => [JSON.stringify(c), c] as const))(
      'matches cpu with bias and relu: %s',
      async (_, c) => {
        const columns = c.transposeB ? (c.b.at(-2) ?? 0) : (c.b.at(-1) ?? 0);
        const error = await relativeError(() =>
          tf.fused.matMul({
            a: tensor(c.a, 5),
            b: tensor(c.b, 6),
            transposeA: c.transposeA,
            transposeB: c.transposeB,
            bias: tensor([columns], 7),
            activation: 'relu',
          }),
        );
        expect(error).toBeLessThan(tolerance);
      },
    );
  });

  describe('Sum on wasm', () => {
    const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
      { shape: [4, 9, 9, 16], axis: [0, 1, 2], keepDims: false },
      { shape: [4, 9, 9, 16], axis: [2, 0, 1], keepDims: true },
      { shape: [7, 5], axis: 0, keepDims: false },
      { shape: [3, 4, 5], axis: [0, 1], keepDims: false },
      { shape: [5, 1, 3], axis: [0], keepDims: true },
      { shape: [6, 7], axis: [0, 1], keepDims: false },
      { shape: [6, 7], axis: -1, keepDims: false },
      { shape: [3, 4, 5], axis: [1, 2], keepDims: true },
      { shape: [9], axis: 0, keepDims: false },
      // Columns in fours: the SIMD path, over many rows.
      { shape: [32, 16, 16, 8], axis: [0, 1, 2], keepDims: false },
      { shape: [2, 3, 12], axis: [0, 1], keepDims: true },
    ];

    it.each(cases.map((c) => [JSON.stringify(c), c] as const))('matches cpu: %s', async (_, c) => {
      const error = await relativeError(() => tensor(c.shape, 8).sum(c.axis, c.keepDims));
      expect(error).toBeLessThan(tolerance);
    });

    it('sums int32 tensors as the shipped kernel does', async () => {
      const error = await relativeError(() =>
        tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32').sum(0),
      );
      expect(error).toBe(0);
    });

    it("gives a conv layer's bias gradient", async () => {
      const error = await relativeError(() =>
        tf.grad((bias: tf.Tensor) => tensor([2, 6, 6, 8], 9).add(bias).relu().square().sum())(
          tensor([8], 10),
        ),
      );
      expect(error).toBeLessThan(tolerance);
    });
  });

  describe('Identity on wasm', () => {
    it('clones without a copy, and either clone outlives the other', async () => {
      const x = tensor([4, 5, 3], 11);
      const values = Array.from(await x.data());
      const y = x.clone();
      x.dispose();
      expect(Array.from(await y.data())).toEqual(values);
      const z = tf.tidy(() => y.clone().add(1));
      y.dispose();
      expect(Array.from(await z.data())).toEqual(values.map((value) => Math.fround(value + 1)));
      z.dispose();
    });
  });

  describe("Fovea's wasm kernels and memory", () => {
    function backendDataCount(): number {
      const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
      return backend.dataIdMap.numDataIds();
    }

    it('leave the tensor count and the wasm heap unchanged across repeated calls', () => {
      const x = tensor([2, 9, 9, 3], 1);
      const filter = tensor([3, 3, 3, 4], 2);
      const dy = tensor([2, 5, 5, 4], 3);
      const pooled = tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
      const a = tensor([6, 5], 4);
      const b = tensor([4, 5], 5);
      const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC' };
      const callAll = () =>
        tf.tidy(() => {
          tf.engine().runKernel<tf.Tensor>(
            'Conv2DBackpropFilter',
            { x, dy },
            { ...attrs, filterShape: [3, 3, 3, 4] },
          );
          tf.engine().runKernel<tf.Tensor>(
            'Conv2DBackpropInput',
            { dy, filter },
            { ...attrs, inputShape: [2, 9, 9, 3] },
          );
          tf.engine().runKernel<tf.Tensor>(
            'MaxPoolGrad',
            { dy: pooled, input: x, output: pooled },
            { filterSize: 2, strides: 2, pad: 'valid' },
          );
          tf.matMul(a, b, false, true);
          tf.fused.matMul({ a, b, transposeB: true, activation: 'relu' });
          dy.sum([0, 1, 2]);
          dy.sum(-1);
          dy.clone();
        });
      callAll();
      const tensors = tf.memory().numTensors;
      const data = backendDataCount();
      for (let call = 0; call < 5; call++) callAll();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(backendDataCount()).toBe(data);
      tf.dispose([x, filter, dy, pooled, a, b]);
    });

    it('registers once however often it is called', () => {
      expect(registerWasmKernels(tf)).toEqual(registerWasmKernels(tf));
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    });
  });

  describe('augmentBatch on wasm', () => {
    it('transforms the whole batch as cpu does one image at a time', async () => {
      const config = defaultTrainingConfig.augment;
      const make = () =>
        tf.tidy(() =>
          augmentBatch(tensor([8, 16, 16, 3], 7).abs() as tf.Tensor4D, config, seededRandom(3)),
        );
      const fovea = await runOn('wasm', make);
      const reference = await runOn('cpu', make);
      await tf.setBackend('wasm');
      // Every image moved, not only the first (the cpu kernel's bug when batched).
      const last = reference.slice([7, 0, 0, 0], [1, 16, 16, 3]);
      expect(last.max().dataSync()[0]).toBeGreaterThan(0);
      expect(tf.max(tf.abs(tf.sub(fovea, reference))).dataSync()[0]).toBeLessThan(1e-5);
      tf.dispose([fovea, reference, last]);
    });
  });
}
