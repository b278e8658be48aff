/**
 * Assembles and instantiates small WebAssembly functions that share the wasm backend's memory,
 * for the few loops whose JS form is slow (branches the processor mispredicts, no SIMD). There is
 * no toolchain at run time: each function is written as its instruction bytes with the helpers
 * below, and the engine validates the module when it is instantiated. Each function has only i32
 * parameters (byte addresses and counts) and returns nothing.
 */
import { setFlagsFromString } from 'node:v8';

import { webAssembly, type WasmMemory } from './wasm-backend.js';

export interface FunctionSpec {
  readonly name: string;
  readonly parameters: number;
  readonly i32Locals: number;
  readonly v128Locals: number;
  readonly body: readonly number[];
}

/** Instructions, as bytes (SIMD ones after the 0xfd prefix). */
export const op = {
  get: (index: number) => [0x20, index],
  set: (index: number) => [0x21, index],
  tee: (index: number) => [0x22, index],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  lessUnsigned: [0x49],
  i32: (value: number) => [0x41, value], // 0..63 only: one signed LEB byte
  /** Any i32 constant (signed LEB128). */
  constant: (value: number) => [0x41, ...signed(value)],
  load: [0xfd, 0x00, 0x00, 0x00],
  /** i32 load at address + a constant byte offset. */
  loadInt32At: (offset: number) => [0x28, 0x02, ...unsigned(offset)],
  store: [0xfd, 0x0b, 0x00, 0x00],
  /** v128 load, store and load-one-float32-into-every-lane at address + a constant byte offset. */
  loadAt: (offset: number) => [0xfd, 0x00, 0x00, ...unsigned(offset)],
  storeAt: (offset: number) => [0xfd, 0x0b, 0x00, ...unsigned(offset)],
  splatAt: (offset: number) => [0xfd, 0x09, 0x00, ...unsigned(offset)],
  addFloat32: [0xfd, 0xe4, 0x01],
  mulFloat32: [0xfd, 0xe6, 0x01],
  /**
   * f32x4.relaxed_madd(a, b, c) = a·b + c (relaxed SIMD): one fused multiply-add where the
   * processor has one (x86 with FMA3, ARM), else a multiply and an add. Only where
   * `hasMultiplyAdd()`.
   */
  multiplyAddFloat32: [0xfd, 0x85, 0x02],
  divFloat32: [0xfd, 0xe7, 0x01],
  sqrtFloat32: [0xfd, 0xe3, 0x01],
  /** f32x4.pmax(a, b): b where a < b, else a (one maxps; NaN in a stays). */
  pseudoMaxFloat32: [0xfd, 0xeb, 0x01],
  splat: (bytes: readonly number[]) => [0xfd, 0x0c, ...[0, 1, 2, 3].flatMap(() => bytes)],
  greater: [0xfd, 0x44],
  /** The four float32 lanes' upper two moved down (bytes 8..15 first). */
  upperHalf: [0xfd, 0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7],
  promoteLow: [0xfd, 0x5f],
  addFloat64: [0xfd, 0xf0, 0x01],
  dup: (index: number) => [0x20, index, 0x20, index],
  and: [0xfd, 0x4e],
  andNot: [0xfd, 0x4f],
  or: [0xfd, 0x50],
  bitSelect: [0xfd, 0x52],
  /** memory.fill(address, byte, count) and memory.copy(to, from, count) (bulk memory). */
  fillMemory: [0xfc, 0x0b, 0x00],
  copyMemory: [0xfc, 0x0a, 0x00, 0x00],
  loop: [0x03, 0x40],
  /** if (popped i32 ≠ 0) { … } end */
  ifThen: [0x04, 0x40],
  branchIf: (depth: number) => [0x0d, depth],
  end: [0x0b],
};

/** `do { body } while (--counter)`: the SIMD kernels' outer loop over their rows, columns or tiles. */
export function countDown(counter: number, body: readonly number[]): number[] {
  return [
    ...op.loop,
    ...body,
    ...op.get(counter),
    ...op.i32(1),
    ...op.sub,
    ...op.tee(counter),
    ...op.branchIf(0),
    ...op.end,
  ];
}

/**
 * acc + a·b for the SIMD tiles, with the three operands' locals: one relaxed multiply-add where
 * the engine has it (`hasMultiplyAdd()`), else f32x4.mul then f32x4.add.
 */
export function multiplyAdd(accumulator: number, a: number, b: number): number[] {
  return hasMultiplyAdd()
    ? [...op.get(a), ...op.get(b), ...op.get(accumulator), ...op.multiplyAddFloat32]
    : [...op.get(accumulator), ...op.get(a), ...op.get(b), ...op.mulFloat32, ...op.addFloat32];
}

/**
 * `name` for the variant of a function or family that `multiplyAdd` builds in this engine, so
 * that the fused and the unfused forms are cached apart.
 */
export function multiplyAddName(name: string): string {
  return hasMultiplyAdd() ? `fused${name}` : name;
}

/** A module with one function that runs relaxed_madd on three zero vectors. */
function multiplyAddProbe(): Uint8Array {
  const v128 = 0x7b;
  const code = [0x01, 0x01, v128, ...op.dup(0), ...op.get(0), ...op.multiplyAddFloat32, 0x1a, 0x0b];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x00, 0x00]),
    ...section(3, [0x01, 0x00]),
    ...section(10, [0x01, ...unsigned(code.length), ...code]),
  ]);
}
let isMultiplyAddValid: boolean | undefined;

/** Whether this engine compiles relaxed SIMD's f32x4.relaxed_madd. */
export function hasMultiplyAdd(): boolean {
  isMultiplyAddValid ??= webAssembly.validate(multiplyAddProbe());
  return isMultiplyAddValid;
}

/**
 * Turns relaxed SIMD on where the engine has it behind a flag: Node 20's V8 (11.3) implements
 * it in full, shipped from V8 11.4 on (Node 22, Electron). Wasm features are read when a module
 * is compiled, so setting the flag at run time, before Fovea's tiles are made, is enough; every
 * thread of the process shares it. Returns whether the tiles will use it.
 */
export function enableMultiplyAdd(): boolean {
  if (hasMultiplyAdd()) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  isMultiplyAddValid = undefined;
  return hasMultiplyAdd();
}

/** float32 constants as little-endian bytes, for `op.splat`. */
export const float32 = { zero: [0x00, 0x00, 0x00, 0x00], minusInfinity: [0x00, 0x00, 0x80, 0xff] };

const instances = new WeakMap<WasmMemory, Map<string, unknown>>();

/** The function for this memory (made once), or null where WebAssembly SIMD cannot run it. */
export function simdFunction<T>(memory: WasmMemory, spec: FunctionSpec): T | null {
  const byName = instances.get(memory) ?? new Map<string, unknown>();
  instances.set(memory, byName);
  if (!byName.has(spec.name)) byName.set(spec.name, instantiate(memory, spec));
  return (byName.get(spec.name) ?? null) as T | null;
}

const families = new WeakMap<WasmMemory, Map<string, unknown[] | null>>();

/**
 * A family of functions for this memory, by their index in `specs()`, or null where wasm SIMD
 * cannot run one of them. Made once per memory and `key` (which names the family and the variant
 * of its specs): building the specs of a tile family costs about a millisecond, too much for
 * every kernel call.
 */
export function simdFunctions<T>(
  memory: WasmMemory,
  key: string,
  specs: () => FunctionSpec[],
): T[] | null {
  const byKey = families.get(memory) ?? new Map<string, unknown[] | null>();
  families.set(memory, byKey);
  if (!byKey.has(key)) {
    const functions = specs().map((spec) => simdFunction<unknown>(memory, spec));
    byKey.set(key, functions.every((f) => f !== null) ? functions : null);
  }
  return (byKey.get(key) ?? null) as T[] | null;
}

function instantiate(memory: WasmMemory, spec: FunctionSpec): unknown {
  try {
    const isShared =
      typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = new webAssembly.Module(moduleBytes(spec, isShared));
    const instance = new webAssembly.Instance(module, { env: { memory } });
    return instance.exports[spec.name] ?? null;
  } catch {
    return null;
  }
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

function signed(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const isLast = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(isLast ? byte : byte | 0x80);
    if (isLast) return bytes;
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsigned(content.length), ...content];
}

function text(value: string): number[] {
  return [...unsigned(value.length), ...Array.from(value, (c) => c.charCodeAt(0))];
}

export function moduleBytes(spec: FunctionSpec, isShared: boolean): Uint8Array {
  const i32 = 0x7f;
  const v128 = 0x7b;
  // A shared memory must declare a maximum; 65536 pages (4 GiB) admits any wasm32 memory.
  const limits = isShared ? [0x03, 0x01, ...unsigned(65536)] : [0x00, 0x01];
  const code = [0x02, spec.i32Locals, i32, spec.v128Locals, v128, ...spec.body, ...op.end];
  const parameters = Array.from({ length: spec.parameters }, () => i32);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, spec.parameters, ...parameters, 0x00]),
    ...section(2, [0x01, ...text('env'), ...text('memory'), 0x02, ...limits]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...text(spec.name), 0x00, 0x00]),
    ...section(10, [0x01, ...unsigned(code.length), ...code]),
  ]);
}
