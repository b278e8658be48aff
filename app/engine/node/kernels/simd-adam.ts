/**
 * One Adam step for one variable in a single pass of WebAssembly SIMD over the wasm heap: it reads
 * the variable w, its gradient g and the moments m and v, and writes w', m' and v'. tfjs'
 * AdamOptimizer runs about a dozen kernels per variable for the same step (fused-adam.ts).
 *
 * The arithmetic is tfjs-core 4.22's (optimizers/adam_optimizer.js), operation by operation in
 * float32 with the same constants, so the results are the same bits:
 *
 *   m' = m·β1 + g·(1−β1)              v' = v·β2 + g²·(1−β2)
 *   w' = (m' / (1−β1ᵗ)) / (√(v' / (1−β2ᵗ)) + ε) · (−lr) + w
 *
 * where β1ᵗ and β2ᵗ are the optimizer's accBeta1 and accBeta2 (float32 scalars), and each
 * number tfjs turns into a scalar tensor (β1, 1−β1 computed in float64, ε, −lr) is rounded to
 * float32 first. No fused multiply-add: each product is rounded before its sum, as tfjs does.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { op, simdFunction } from './wasm-assembler.js';
import { input, type TensorInfo, type WasmKernels } from './wasm-backend.js';

export const adamKernelName = 'FoveaAdam';

/** The attributes of the FoveaAdam kernel: the optimizer's fields at this step. */
export interface AdamAttrs {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly learningRate: number;
}

/** adam(w, g, m, v, wOut, mOut, vOut, constants, bytes): byte addresses; bytes a multiple of 16. */
type Adam = (...addresses: number[]) => void;

/** The eight float32 constants of a step, in the order the SIMD function loads them. */
function constants(attrs: AdamAttrs, accBeta1: number, accBeta2: number): Float32Array {
  const { beta1, beta2, epsilon, learningRate } = attrs;
  // Float32Array rounds each as tf.scalar does; 1 − accBeta is tfjs' float32 `sub(1, accBeta)`.
  return Float32Array.of(
    beta1,
    1 - beta1,
    beta2,
    1 - beta2,
    Math.fround(1 - accBeta1),
    Math.fround(1 - accBeta2),
    epsilon,
    -learningRate,
  );
}

/**
 * Inputs variable, gradient, firstMoment, secondMoment (float32, one shape) and accBeta1,
 * accBeta2 (scalars); outputs the new variable, first moment and second moment.
 */
export function adam(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo[] {
  const sources = ['variable', 'gradient', 'firstMoment', 'secondMoment'].map((name) =>
    input(inputs, name),
  );
  const [w, g, m, v] = sources as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const outputs = [w, m, v].map((info) => wasm.output([...info.shape]));
  const [wOut, mOut, vOut] = outputs as [TensorInfo, TensorInfo, TensorInfo];
  const block = wasm.output([8]);
  const [accBeta1, accBeta2] = ['accBeta1', 'accBeta2'].map(
    (name) => wasm.view(input(inputs, name))[0] as number,
  ) as [number, number];
  const values = constants(attrs as unknown as AdamAttrs, accBeta1, accBeta2);
  wasm.view(block).set(values);
  const size = w.shape.reduce((a, b) => a * b, 1);
  const memory = wasm.memory();
  const simd = memory === null ? null : simdFunction<Adam>(memory, spec);
  const vectorized = simd === null ? 0 : size - (size % 4);
  if (simd !== null && vectorized > 0) {
    const addresses = [w, g, m, v, wOut, mOut, vOut, block].map((info) => wasm.offset(info) * 4);
    simd(...addresses, vectorized * 4);
  }
  const views = [w, g, m, v, wOut, mOut, vOut].map((info) => wasm.view(info));
  scalarSteps(views as Views, values, vectorized, size);
  wasm.dispose(block);
  return outputs;
}

type Views = [
  Float32Array,
  Float32Array,
  Float32Array,
  Float32Array,
  Float32Array,
  Float32Array,
  Float32Array,
];

/** The same step in JS for the elements the SIMD function leaves (all of them without SIMD). */
function scalarSteps(views: Views, values: Float32Array, from: number, to: number): void {
  const [w, g, m, v, wOut, mOut, vOut] = views;
  const [beta1, oneMinusBeta1, beta2, oneMinusBeta2, correction1, correction2, epsilon, step] =
    Array.from(values);
  const f = Math.fround;
  for (let index = from; index < to; index++) {
    const gradient = g[index] as number;
    const first = f(f((m[index] as number) * beta1!) + f(gradient * oneMinusBeta1!));
    const second = f(f((v[index] as number) * beta2!) + f(f(gradient * gradient) * oneMinusBeta2!));
    const denominator = f(f(Math.sqrt(f(second / correction2!))) + epsilon!);
    const update = f(f(f(first / correction1!) / denominator) * step!);
    mOut[index] = first;
    vOut[index] = second;
    wOut[index] = f(update + (w[index] as number));
  }
}

// Parameters: the seven tensors' byte addresses, the constants' address and the byte count; then
// i32 k; then v128 locals: the eight constants and the lanes of g, m' and v'.
const slot = {
  w: 0,
  g: 1,
  m: 2,
  v: 3,
  wOut: 4,
  mOut: 5,
  vOut: 6,
  constants: 7,
  bytes: 8,
  k: 9,
  beta1: 10,
  oneMinusBeta1: 11,
  beta2: 12,
  oneMinusBeta2: 13,
  correction1: 14,
  correction2: 15,
  epsilon: 16,
  step: 17,
  gradient: 18,
  first: 19,
  second: 20,
};
const constantSlots = [
  slot.beta1,
  slot.oneMinusBeta1,
  slot.beta2,
  slot.oneMinusBeta2,
  slot.correction1,
  slot.correction2,
  slot.epsilon,
  slot.step,
];

/** The lanes of a tensor at byte k. */
const at = (tensor: number) => [...op.get(tensor), ...op.get(slot.k), ...op.add];
const load = (tensor: number) => [...at(tensor), ...op.load];
const times = (local: number) => [...op.get(local), ...op.mulFloat32];

const spec = {
  name: 'adam',
  parameters: 9,
  i32Locals: 1,
  v128Locals: 11,
  body: [
    ...constantSlots.flatMap((local, index) => [
      ...op.get(slot.constants),
      ...op.splatAt(4 * index),
      ...op.set(local),
    ]),
    ...op.loop,
    ...[...load(slot.g), ...op.set(slot.gradient)],
    // m' = m·β1 + g·(1−β1)
    ...[...at(slot.mOut), ...load(slot.m), ...times(slot.beta1)],
    ...[...op.get(slot.gradient), ...times(slot.oneMinusBeta1), ...op.addFloat32],
    ...[...op.tee(slot.first), ...op.store],
    // v' = v·β2 + (g·g)·(1−β2)
    ...[...at(slot.vOut), ...load(slot.v), ...times(slot.beta2)],
    ...[...op.dup(slot.gradient), ...op.mulFloat32, ...times(slot.oneMinusBeta2), ...op.addFloat32],
    ...[...op.tee(slot.second), ...op.store],
    // w' = (m' / (1−β1ᵗ)) / (√(v' / (1−β2ᵗ)) + ε) · (−lr) + w
    ...[...at(slot.wOut), ...op.get(slot.first), ...op.get(slot.correction1), ...op.divFloat32],
    ...[...op.get(slot.second), ...op.get(slot.correction2), ...op.divFloat32, ...op.sqrtFloat32],
    ...[...op.get(slot.epsilon), ...op.addFloat32, ...op.divFloat32, ...times(slot.step)],
    ...[...load(slot.w), ...op.addFloat32, ...op.store],
    ...[...op.get(slot.k), ...op.i32(16), ...op.add, ...op.tee(slot.k)],
    ...[...op.get(slot.bytes), ...op.lessUnsigned, ...op.branchIf(0)],
    ...op.end,
  ],
};
