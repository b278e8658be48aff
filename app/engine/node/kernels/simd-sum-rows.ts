/**
 * Column sums of a row-major [rows, columns] float32 matrix (a bias gradient: dy summed over
 * batch and positions) in WebAssembly SIMD, added in float64 as the cpu backend adds them. Each
 * row's four-column groups are widened to two float64 pairs and added to running sums kept on the
 * heap. Columns must be a multiple of 4.
 */
import { countDown, op, simdFunction } from './wasm-assembler.js';
import type { WasmMemory } from './wasm-backend.js';

/** sumRows(x, rows, columnBytes, sums): byte addresses; sums holds columns float64, zeroed. */
export type SumRows = (x: number, rows: number, columnBytes: number, sums: number) => void;

export function simdSumRows(memory: WasmMemory): SumRows | null {
  return simdFunction<SumRows>(memory, spec);
}

// Parameters x, rows, columnBytes, sums; locals k, total (the float64 address), then v128 v.
const [x, rows, columnBytes, sums, k, total, v] = [0, 1, 2, 3, 4, 5, 6];

/** sums[total + offset] += widened lanes, as float64 pairs. */
function addPair(offset: number, lanes: number[]): number[] {
  const address = [...op.get(total), ...op.i32(offset), ...op.add];
  return [...address, ...address, ...op.load, ...lanes, ...op.addFloat64, ...op.store];
}

const spec = {
  name: 'sumRows',
  parameters: 4,
  i32Locals: 2,
  v128Locals: 1,
  body: countDown(rows, [
    ...op.i32(0),
    ...op.set(k),
    ...op.loop,
    ...[...op.get(x), ...op.get(k), ...op.add, ...op.load, ...op.set(v)],
    // Four float32 columns at byte k are eight float64 bytes each: sums + 2k.
    ...[...op.get(sums), ...op.get(k), ...op.add, ...op.get(k), ...op.add, ...op.set(total)],
    ...addPair(0, [...op.get(v), ...op.promoteLow]),
    ...addPair(16, [...op.dup(v), ...op.upperHalf, ...op.promoteLow]),
    ...[...op.get(k), ...op.i32(16), ...op.add, ...op.tee(k)],
    ...[...op.get(columnBytes), ...op.lessUnsigned, ...op.branchIf(0)],
    ...op.end,
    ...[...op.get(x), ...op.get(columnBytes), ...op.add, ...op.set(x)],
  ]),
};
