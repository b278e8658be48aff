/**
 * BatchMatMul and _FusedMatMul for the wasm backend with transposed operands. The shipped kernels
 * run XNNPACK only when neither operand is transposed and the batch is 1; with a transpose flag
 * they fall back to a scalar loop, which is what a dense layer's backward pass asks for
 * (dx = dy·Wᵀ, dW = xᵀ·dy). Materialising the transpose and calling the XNNPACK path is faster.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { input, reshaped, type TensorInfo, type WasmKernels } from './wasm-backend.js';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

export function batchMatMul(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  return withoutTransposes(wasm, 'BatchMatMul', inputs, attrs);
}

export function fusedMatMul(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  return withoutTransposes(wasm, '_FusedMatMul', inputs, attrs);
}

function withoutTransposes(
  wasm: WasmKernels,
  kernelName: string,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
  const a = input(inputs, 'a');
  const b = input(inputs, 'b');
  if ((!transposeA && !transposeB) || !isSingleMatrix(a) || !isSingleMatrix(b)) {
    return wasm.run(kernelName, inputs, attrs);
  }
  if (kernelName === 'BatchMatMul' && !transposeA && isSwapCheaper(a, b)) {
    return swapped(wasm, a, b);
  }
  const aPlain = transposeA ? transposeMatrix(wasm, a) : a;
  const bPlain = transposeB ? transposeMatrix(wasm, b) : b;
  const out = wasm.run(
    kernelName,
    { ...inputs, a: aPlain, b: bPlain },
    { ...attrs, transposeA: false, transposeB: false },
  );
  if (aPlain !== a) wasm.dispose(aPlain);
  if (bPlain !== b) wasm.dispose(bPlain);
  return out;
}

/**
 * a·bᵀ with b much larger than a (a dense layer's input gradient, dy·Wᵀ): XNNPACK packs its
 * right operand on every call, so transposing and packing W (the whole weight matrix) costs more
 * than the product. (b·aᵀ)ᵀ packs aᵀ instead, the size of dy, and transposes the small result.
 */
function isSwapCheaper(a: TensorInfo, b: TensorInfo): boolean {
  const [rows = 1, inner = 1] = a.shape.slice(-2);
  const columns = b.shape.at(-2) ?? 1;
  return 2 * rows * inner + rows * columns < 2 * columns * inner;
}

function swapped(wasm: WasmKernels, a: TensorInfo, b: TensorInfo): TensorInfo {
  const aT = transposeMatrix(wasm, a);
  const product = wasm.run(
    'BatchMatMul',
    { a: b, b: aT },
    { transposeA: false, transposeB: false },
  );
  wasm.dispose(aT);
  const out = transposeMatrix(wasm, product);
  wasm.dispose(product);
  return out;
}

/** True when every leading (batch) dimension is 1. */
function isSingleMatrix(info: TensorInfo): boolean {
  return info.shape.slice(0, -2).every((size) => size === 1);
}

/** The last two dimensions swapped (the leading ones are all 1). */
function transposeMatrix(wasm: WasmKernels, info: TensorInfo): TensorInfo {
  const rows = info.shape.at(-2) ?? 1;
  const columns = info.shape.at(-1) ?? 1;
  const transposed = wasm.run(
    'Transpose',
    { x: reshaped(info, [rows, columns]) },
    { perm: [1, 0] },
  );
  // _FusedMatMul reads the shapes as rank 3: keep the rank the operand came with.
  return reshaped(transposed, [...info.shape.slice(0, -2), columns, rows]);
}
