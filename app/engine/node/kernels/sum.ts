/**
 * Sum for the wasm backend when the leading axes are reduced: a bias's gradient, the sum of dy
 * over batch and positions. The shipped kernel transposes the input first so that the reduced
 * axes come last; this one adds the rows of the [rows, columns] matrix into `columns` running
 * sums in one pass (WebAssembly SIMD where the columns come in fours: simd-sum-rows.ts). Other
 * sums go to the shipped kernel.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { simdSumRows } from './simd-sum-rows.js';
import { input, type TensorInfo, type WasmKernels } from './wasm-backend.js';

export function sum(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  const x = input(inputs, 'x');
  const { axis, keepDims } = attrs as unknown as tfjs.SumAttrs;
  const axes = wasm.tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const isLeading = axes.length > 0 && axes.every((value, index) => value === index);
  const kept = x.shape.slice(axes.length);
  if (x.dtype !== 'float32' || !isLeading || kept.length === 0) {
    return wasm.run('Sum', inputs, attrs);
  }
  const columns = kept.reduce((a, b) => a * b, 1);
  const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
  const out = wasm.output(keepDims ? [...axes.map(() => 1), ...kept] : kept);
  const memory = wasm.memory();
  const simd = memory !== null && columns % 4 === 0 && rows > 0 ? simdSumRows(memory) : null;
  if (simd === null) {
    sumRows(wasm.view(x), rows, columns, wasm.view(out));
    return out;
  }
  // columns float64 running sums, zeroed, as 2·columns float32 of heap.
  const sums = wasm.output([2 * columns]);
  wasm.view(sums).fill(0);
  simd(wasm.offset(x) * 4, rows, columns * 4, wasm.offset(sums) * 4);
  const totals = new Float64Array(wasm.view(sums).buffer, wasm.offset(sums) * 4, columns);
  wasm.view(out).set(totals);
  wasm.dispose(sums);
  return out;
}

/** Column sums of a row-major [rows, columns] matrix, added in doubles as the cpu backend does. */
function sumRows(x: Float32Array, rows: number, columns: number, out: Float32Array): void {
  const totals = new Float64Array(columns);
  let row = 0;
  // Four rows at a time: a quarter of the reads and writes of the running sums.
  for (; row + 4 <= rows; row += 4) {
    const p = row * columns;
    for (let c = 0; c < columns; c++) {
      totals[c] =
        (totals[c] as number) +
        (x[p + c] as number) +
        (x[p + columns + c] as number) +
        (x[p + 2 * columns + c] as number) +
        (x[p + 3 * columns + c] as number);
    }
  }
  for (; row < rows; row++) {
    const p = row * columns;
    for (let c = 0; c < columns; c++) totals[c] = (totals[c] as number) + (x[p + c] as number);
  }
  out.set(totals);
}
