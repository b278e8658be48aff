/**
 * The inner loop of the direct filter gradient (filter-gradient-direct.ts) as WebAssembly SIMD
 * on the wasm backend's memory: for one filter tap, a tile of `rows` input channels × `vectors`·4
 * output channels of dW, summed over images, output rows and output columns straight from NHWC x
 * and dy, with the tile in registers (no im2col, no packing):
 *
 *   dW[ci, co] += Σ_{image, row, column} x[image, row, column, ci] · dy[image, row, column, co]
 *
 * where x's addresses step by the convolution's stride and the caller has cut the rows and
 * columns to those where the tap reads inside the image. Each x value is loaded into all four
 * lanes and multiplied by `vectors` v128 of dy, one relaxed-SIMD fused multiply-add each
 * (f32x4.mul + f32x4.add where the engine lacks it: multiplyAdd in wasm-assembler.ts). Tiles of
 * up to 4 × 8 keep ≤ 11 v128 values live, which x86's 16 vector registers hold without spills.
 */
import {
  countDown,
  moduleBytes,
  multiplyAdd,
  multiplyAddName,
  op,
  simdFunctions,
  type FunctionSpec,
} from './wasm-assembler.js';
import type { WasmMemory } from './wasm-backend.js';

/**
 * tile(x, dy, dw, images, rows, columns, ciTiles, coTiles, xImageStep, dyImageStep, xRowStep,
 * dyRowStep, xColumnStep, coBytes): byte addresses and byte steps; every count ≥ 1. dW's rows
 * (input channels) are coBytes apart, as are dy's columns.
 */
export type FilterTile = (...parameters: number[]) => void;

/** The tile shapes: input channels (1–4) × v128 of output channels (1–2). */
export const maxTileRows = 4;
export const maxTileVectors = 2;
export const tileParameterCount = 14;

export function tileIndex(rows: number, vectors: number): number {
  return (rows - 1) * maxTileVectors + (vectors - 1);
}

export function tileSpecs(): FunctionSpec[] {
  return Array.from({ length: maxTileRows * maxTileVectors }, (_, index) =>
    tileSpec(Math.floor(index / maxTileVectors) + 1, (index % maxTileVectors) + 1),
  );
}

/** Every tile function for this memory, by tileIndex, or null where wasm SIMD cannot run them. */
export function simdFilterTiles(memory: WasmMemory): FilterTile[] | null {
  return simdFunctions<FilterTile>(memory, multiplyAddName('FilterTiles'), tileSpecs);
}

/** The modules' bytes, for a thread that instantiates them on the same (shared) memory. */
export function tileModules(): { name: string; bytes: Uint8Array }[] {
  return tileSpecs().map((spec) => ({ name: spec.name, bytes: moduleBytes(spec, true) }));
}

// Parameters.
const [x, dy, dw, images, rows, columns, ciTiles, coTiles] = [0, 1, 2, 3, 4, 5, 6, 7];
const [xImageStep, dyImageStep, xRowStep, dyRowStep, xColumnStep, coBytes] = [8, 9, 10, 11, 12, 13];
// i32 locals.
const [ciLeft, coLeft, xTile, dwRow, dyTile, dwTile, rowLeft, xRow, dyRow, columnLeft] = [
  14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
];
const [xAt, dyAt, dwAt] = [24, 25, 26];
const i32LocalCount = 13;
const firstVector = 27;

const add = (target: number, step: number[]) => [
  ...op.get(target),
  ...step,
  ...op.add,
  ...op.set(target),
];
const addLocal = (target: number, step: number) => add(target, op.get(step));
const copy = (target: number, source: number) => [...op.get(source), ...op.set(target)];

function tileSpec(tileRows: number, vectors: number): FunctionSpec {
  const accumulator = (row: number, vector: number) => firstVector + row * vectors + vector;
  const dyVector = (vector: number) => firstVector + tileRows * vectors + vector;
  const xSplat = firstVector + (tileRows + 1) * vectors;
  const rowsOf = <T>(make: (row: number) => T[]) =>
    Array.from({ length: tileRows }, (_, row) => make(row)).flat();
  const vectorsOf = <T>(make: (vector: number) => T[]) =>
    Array.from({ length: vectors }, (_, vector) => make(vector)).flat();

  // The tile of dW to or from the accumulators: rows coBytes apart.
  const moveTile = (isLoad: boolean) => [
    ...copy(dwAt, dwTile),
    ...rowsOf((row) => [
      ...vectorsOf((vector) =>
        isLoad
          ? [...op.get(dwAt), ...op.loadAt(16 * vector), ...op.set(accumulator(row, vector))]
          : [...op.get(dwAt), ...op.get(accumulator(row, vector)), ...op.storeAt(16 * vector)],
      ),
      ...addLocal(dwAt, coBytes),
    ]),
  ];
  const column = [
    ...vectorsOf((vector) => [
      ...op.get(dyAt),
      ...op.loadAt(16 * vector),
      ...op.set(dyVector(vector)),
    ]),
    ...rowsOf((row) => [
      ...op.get(xAt),
      ...op.splatAt(4 * row),
      ...op.set(xSplat),
      ...vectorsOf((vector) => [
        ...multiplyAdd(accumulator(row, vector), xSplat, dyVector(vector)),
        ...op.set(accumulator(row, vector)),
      ]),
    ]),
    ...addLocal(xAt, xColumnStep),
    ...addLocal(dyAt, coBytes),
  ];
  const row = [
    ...copy(columnLeft, columns),
    ...copy(xAt, xRow),
    ...copy(dyAt, dyRow),
    ...countDown(columnLeft, column),
    ...addLocal(xRow, xRowStep),
    ...addLocal(dyRow, dyRowStep),
  ];
  const coTile = [
    ...moveTile(true),
    ...copy(rowLeft, rows),
    ...copy(xRow, xTile),
    ...copy(dyRow, dyTile),
    ...countDown(rowLeft, row),
    ...moveTile(false),
    ...add(dwTile, op.constant(16 * vectors)),
    ...add(dyTile, op.constant(16 * vectors)),
  ];
  const ciTile = [
    ...copy(coLeft, coTiles),
    ...copy(dwTile, dwRow),
    ...copy(dyTile, dy),
    ...countDown(coLeft, coTile),
    ...add(xTile, op.constant(4 * tileRows)),
    ...rowsOf(() => addLocal(dwRow, coBytes)),
  ];
  const image = [
    ...copy(ciLeft, ciTiles),
    ...copy(xTile, x),
    ...copy(dwRow, dw),
    ...countDown(ciLeft, ciTile),
    ...addLocal(x, xImageStep),
    ...addLocal(dy, dyImageStep),
  ];
  return {
    name: multiplyAddName(`filterTile${tileRows}x${vectors}`),
    parameters: tileParameterCount,
    i32Locals: i32LocalCount,
    v128Locals: (tileRows + 1) * vectors + 1,
    body: countDown(images, image),
  };
}
