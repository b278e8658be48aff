/**
 * The 2×2, stride-2 MaxPoolGrad of one output row as a small WebAssembly SIMD function that
 * shares the wasm backend's memory. In JS the choice of each window's maximum is a branch that
 * the processor mispredicts on real activations (three quarters of the kernel's time); here it is
 * four lanes of compares and bit selects, with no branch per value.
 *
 * Semantics are the cpu backend's: taps in row-major order, the first strict maximum takes the
 * gradient, a NaN never wins, a window of −∞ gives none. The module is assembled here from its
 * bytes (there is no toolchain at run time), instantiated once per memory, and validated by the
 * engine before use; where anything fails the caller keeps its JS loop.
 */

import { webAssembly, type WasmMemory } from './wasm-backend.js';

/** rowGrad(x, dy, dx, columns, channelBytes, rowBytes): byte addresses into the shared memory. */
export type RowGrad = (
  x: number,
  dy: number,
  dx: number,
  columns: number,
  channelBytes: number,
  rowBytes: number,
) => void;

const instances = new WeakMap<WasmMemory, RowGrad | null>();

/** The SIMD row function for this memory, or null where WebAssembly SIMD cannot run it. */
export function simdRowGrad(memory: WasmMemory): RowGrad | null {
  if (instances.has(memory)) return instances.get(memory) ?? null;
  let rowGrad: RowGrad | null = null;
  try {
    const isShared =
      typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = new webAssembly.Module(moduleBytes(isShared));
    const instance = new webAssembly.Instance(module, { env: { memory } });
    rowGrad = instance.exports['rowGrad'] as RowGrad;
  } catch {
    rowGrad = null;
  }
  instances.set(memory, rowGrad);
  return rowGrad;
}

// Locals: the six parameters, then i32 k, i32 p, then v128 a, b, e, f, g, best, ga, gb, ge, gf, later.
const [x, dy, dx, columns, channelBytes, rowBytes, k, p] = [0, 1, 2, 3, 4, 5, 6, 7];
const [a, b, e, f, g, best, ga, gb, ge, gf, later] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];

const op = {
  get: (index: number) => [0x20, index],
  set: (index: number) => [0x21, index],
  tee: (index: number) => [0x22, index],
  add: [0x6a],
  sub: [0x6b],
  lessUnsigned: [0x49],
  i32: (value: number) => [0x41, value], // small non-negative values only (one LEB byte)
  load: [0xfd, 0x00, 0x00, 0x00],
  store: [0xfd, 0x0b, 0x00, 0x00],
  minusInfinity: [0xfd, 0x0c, ...Array.from({ length: 4 }, () => [0x00, 0x00, 0x80, 0xff]).flat()],
  greater: [0xfd, 0x44],
  and: [0xfd, 0x4e],
  andNot: [0xfd, 0x4f],
  or: [0xfd, 0x50],
  bitSelect: [0xfd, 0x52],
  loop: [0x03, 0x40],
  branchIf: (depth: number) => [0x0d, depth],
  end: [0x0b],
};

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
    ...op.minusInfinity,
    ...op.greater,
    ...op.set(ga),
    ...op.get(a),
    ...op.minusInfinity,
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
  return [
    ...op.loop,
    ...op.i32(0),
    ...op.set(k),
    ...channelLoop,
    ...advance(x, 2),
    ...advance(dx, 2),
    ...advance(dy, 1),
    ...op.get(columns),
    ...op.i32(1),
    ...op.sub,
    ...op.tee(columns),
    ...op.branchIf(0),
    ...op.end,
    ...op.end,
  ];
}

function unsigned(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    const byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? byte | 0x80 : byte);
  } while (rest > 0);
  return bytes;
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsigned(content.length), ...content];
}

function text(value: string): number[] {
  return [...unsigned(value.length), ...Array.from(value, (c) => c.charCodeAt(0))];
}

function moduleBytes(isShared: boolean): Uint8Array {
  const i32 = 0x7f;
  const v128 = 0x7b;
  // A shared memory must declare a maximum; 65536 pages (4 GiB) admits any wasm32 memory.
  const limits = isShared ? [0x03, 0x01, ...unsigned(65536)] : [0x00, 0x01];
  const code = [0x02, 0x02, i32, 0x0b, v128, ...body()];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x06, i32, i32, i32, i32, i32, i32, 0x00]),
    ...section(2, [0x01, ...text('env'), ...text('memory'), 0x02, ...limits]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...text('rowGrad'), 0x00, 0x00]),
    ...section(10, [0x01, ...unsigned(code.length), ...code]),
  ]);
}
