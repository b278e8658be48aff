/**
 * ReLU's gradient from its output, dy where y > 0 and 0 elsewhere, in one pass of WebAssembly
 * SIMD over the wasm heap: tfjs computes it as Step, then Multiply, two passes and a tensor
 * between them. Used by the fused convolution's gradient (fused-conv-training.ts).
 */
import type * as tfjs from '@tensorflow/tfjs';

import { float32, op, simdFunction } from './wasm-assembler.js';
import { input, type TensorInfo, type WasmKernels } from './wasm-backend.js';

export const reluGradKernelName = 'FoveaReluGrad';

/** reluGrad(dy, y, out, bytes): byte addresses; bytes a positive multiple of 16. */
type ReluGrad = (dy: number, y: number, out: number, bytes: number) => void;

/** Inputs dy and y (ReLU's output, same shape); the output is dy masked by y > 0. */
export function reluGrad(wasm: WasmKernels, inputs: tfjs.NamedTensorInfoMap): TensorInfo {
  const dy = input(inputs, 'dy');
  const y = input(inputs, 'y');
  const out = wasm.output([...dy.shape]);
  const size = dy.shape.reduce((a, b) => a * b, 1);
  const memory = wasm.memory();
  const simd = memory === null ? null : simdFunction<ReluGrad>(memory, spec);
  const vectorized = simd === null ? 0 : size - (size % 4);
  if (simd !== null && vectorized > 0) {
    simd(wasm.offset(dy) * 4, wasm.offset(y) * 4, wasm.offset(out) * 4, vectorized * 4);
  }
  const [dyValues, yValues, outValues] = [dy, y, out].map((info) => wasm.view(info));
  for (let index = vectorized; index < size; index++) {
    outValues![index] = (yValues![index] as number) > 0 ? (dyValues![index] as number) : 0;
  }
  return out;
}

// Parameters dy, y, out, bytes; local k.
const [dy, y, out, bytes, k] = [0, 1, 2, 3, 4];

const spec = {
  name: 'reluGrad',
  parameters: 4,
  i32Locals: 1,
  v128Locals: 0,
  body: [
    ...op.loop,
    ...[...op.get(out), ...op.get(k), ...op.add],
    ...[...op.get(dy), ...op.get(k), ...op.add, ...op.load],
    ...[...op.get(y), ...op.get(k), ...op.add, ...op.load],
    ...[...op.splat(float32.zero), ...op.greater, ...op.and, ...op.store],
    ...[...op.get(k), ...op.i32(16), ...op.add, ...op.tee(k)],
    ...[...op.get(bytes), ...op.lessUnsigned, ...op.branchIf(0)],
    ...op.end,
  ],
};
