/**
 * The 2×2, stride-2 MaxPoolGrad of one output row as a small WebAssembly SIMD function that
 * shares the wasm backend's memory. In JS the choice of each window's maximum is a branch that
 * the processor mispredicts on real activations (three quarters of the kernel's time); here it is
 * four lanes of compares and bit selects, with no branch per value.
 *
 * Semantics are the cpu backend's: taps in row-major order, the first strict maximum takes the
 * gradient, a NaN never wins, a window of −∞ gives none. Where WebAssembly SIMD is unavailable
 * the caller keeps its JS loop.
 */

import type { WasmMemory } from './wasm-backend.js';
import { countDown, float32, op, simdFunctions } from './wasm-assembler.js';

const minusInfinity = op.splat(float32.minusInfinity);

/** rowGrad(x, dy, dx, columns, channelBytes, rowBytes): byte addresses into the shared memory. */
export type RowGrad = (
  x: number,
  dy: number,
  dx: number,
  columns: number,
  channelBytes: number,
  rowBytes: number,
) => void;

/** The SIMD row function for this memory, or null where WebAssembly SIMD cannot run it. */
export function simdRowGrad(memory: WasmMemory): RowGrad | null {
  return (
    simdFunctions<RowGrad>(memory, 'rowGrad', () => [
      { name: 'rowGrad', parameters: 6, i32Locals: 2, v128Locals: 11, body: body() },
    ])?.[0] ?? null
  );
}

// Locals: the six parameters, then i32 k, i32 p, then v128 a, b, e, f, g, best, ga, gb, ge, gf, later.
const [x, dy, dx, columns, channelBytes, rowBytes, k, p] = [0, 1, 2, 3, 4, 5, 6, 7];
const [a, b, e, f, g, best, ga, gb, ge, gf, later] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];

/** Loads the tap at p + the given byte offsets into `local`. */
function loadTap(local: number, ...offsets: number[]): number[] {
  return [
    ...op.get(p),
    ...offsets.flatMap((o) => [...op.get(o), ...op.add]),
    ...op.load,
    ...op.set(local),
  ];
}

/** running maximum: gate = tap > best; best = gate ? tap : best. */
function compare(tap: number, gate: number, isLast: boolean): number[] {
  const test = [...op.get(tap), ...op.get(best), ...op.greater, ...op.set(gate)];
  if (isLast) return test;
  return [
    ...test,
    ...op.get(tap),
    ...op.get(best),
    ...op.get(gate),
    ...op.bitSelect,
    ...op.set(best),
  ];
}

/** dx at p + offsets = g where this tap won and no later tap did; then later |= gate. */
function storeTap(gate: number, offsets: number[], isFirstStored: boolean): number[] {
  const address = [...op.get(p), ...offsets.flatMap((o) => [...op.get(o), ...op.add])];
  const won = isFirstStored ? op.get(gate) : [...op.get(gate), ...op.get(later), ...op.andNot];
  const update = isFirstStored
    ? [...op.get(gate), ...op.set(later)]
    : [...op.get(later), ...op.get(gate), ...op.or, ...op.set(later)];
  return [...address, ...op.get(g), ...won, ...op.and, ...op.store, ...update];
}

/**
 * do {                                   // each output column
 *   k = 0
 *   do {                                 // each 4 channels
 *     a, b, e, f = the window's taps at x + k; g = dy[k]
 *     running strict maximum over a, b, e, f → gates ga, gb, ge, gf (NaN never passes)
 *     dx taps = g where the gate passed and no later one did, else 0
 *     k += 16
 *   } while (k < channelBytes)
 *   x += 2·channelBytes; dx += 2·channelBytes; dy += channelBytes
 * } while (--columns)
 */
function body(): number[] {
  const channelLoop = [
    ...op.loop,
    ...op.get(x),
    ...op.get(k),
    ...op.add,
    ...op.set(p),
    ...loadTap(a),
    ...loadTap(b, channelBytes),
    ...loadTap(e, rowBytes),
    ...loadTap(f, rowBytes, channelBytes),
    ...op.get(dy),
    ...op.get(k),
    ...op.add,
    ...op.load,
    ...op.set(g),
    // ga = a > −∞; best = ga ? a : −∞
    ...op.get(a),
    ...minusInfinity,
    ...op.greater,
    ...op.set(ga),
    ...op.get(a),
    ...minusInfinity,
    ...op.get(ga),
    ...op.bitSelect,
    ...op.set(best),
    ...compare(b, gb, false),
    ...compare(e, ge, false),
    ...compare(f, gf, true),
    ...op.get(dx),
    ...op.get(k),
    ...op.add,
    ...op.set(p),
    ...storeTap(gf, [rowBytes, channelBytes], true),
    ...storeTap(ge, [rowBytes], false),
    ...storeTap(gb, [channelBytes], false),
    ...storeTap(ga, [], false),
    ...op.get(k),
    ...op.i32(16),
    ...op.add,
    ...op.tee(k),
    ...op.get(channelBytes),
    ...op.lessUnsigned,
    ...op.branchIf(0),
    ...op.end,
  ];
  const advance = (pointer: number, times: number) => [
    ...op.get(pointer),
    ...Array.from({ length: times }, () => [...op.get(channelBytes), ...op.add]).flat(),
    ...op.set(pointer),
  ];
  return countDown(columns, [
    ...op.i32(0),
    ...op.set(k),
    ...channelLoop,
    ...advance(x, 2),
    ...advance(dx, 2),
    ...advance(dy, 1),
  ]);
}
