/**
 * The inner loop of Fovea's forward convolution (forward-conv.ts) as WebAssembly SIMD on the wasm
 * backend's memory: a tile of `pixels` output pixels of one row × `vectors`·4 output channels,
 * kept in registers while it sums over the filter:
 *
 *   y[row, column + p, co] = max(floor, bias[co] + Σ_{ky, k} xPadded[row·s + ky, (column + p)·s·Ci + k] · W[ky, k, co])
 *
 * where k runs over the kw·Ci taps of one filter row, which lie side by side both in a row of the
 * zero-padded NHWC input and in the HWIO filter (W[ky][kx][ci][co]). Each input value is loaded
 * into all four lanes and multiplied by `vectors` v128 of the filter, one relaxed-SIMD fused
 * multiply-add each (f32x4.mul + f32x4.add where the engine lacks it: multiplyAdd in
 * wasm-assembler.ts). `floor` is 0 for ReLU and −∞ for no
 * activation (f32x4.pmax with it is then the identity). Tiles of up to 4 × 8 keep ≤ 12 v128
 * values live, which x86's 16 vector registers hold without spills.
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
 * tile(x, w, bias, out, rows, coTiles, pixelTiles, descriptor): byte addresses and counts ≥ 1;
 * x is the first tap of the first tile, w, bias and out the first output channel of the tiles.
 * The steps, the same for every call of one convolution, are int32 values at `descriptor`, in
 * the order of `descriptorFields`, followed by the floor as four float32 at byte 32.
 */
export type ConvTile = (...parameters: number[]) => void;

export const maxTilePixels = 4;
export const maxTileVectors = 2;
export const convTileParameterCount = 8;
/**
 * kh: filter rows; kLength: kw·Ci; xRowStep: bytes between padded input rows; xRowsStep: between
 * the first input rows of two output rows; pixelStep: between the inputs of two output columns
 * (stride·Ci·4); coBytes: Co·4; outRowStep: bytes between output rows; kBytes: kLength·coBytes.
 */
export const descriptorFields = [
  'kh',
  'kLength',
  'xRowStep',
  'xRowsStep',
  'pixelStep',
  'coBytes',
  'outRowStep',
  'kBytes',
] as const;
export const descriptorFloorByte = 32;
/** Bytes of the descriptor: the fields, then the floor. */
export const descriptorBytes = 48;

export function convTileIndex(pixels: number, vectors: number): number {
  return (pixels - 1) * maxTileVectors + (vectors - 1);
}

/** After the tiles: padImage, which copies one image into its zeroed, padded block. */
export const padImageIndex = maxTilePixels * maxTileVectors;

export function convTileSpecs(): FunctionSpec[] {
  const tiles = Array.from({ length: maxTilePixels * maxTileVectors }, (_, index) =>
    tileSpec(Math.floor(index / maxTileVectors) + 1, (index % maxTileVectors) + 1),
  );
  return [...tiles, padImageSpec()];
}

/**
 * Every tile function for this memory, by convTileIndex (then padImage), or null where wasm SIMD
 * cannot run them.
 */
export function simdConvTiles(memory: WasmMemory): ConvTile[] | null {
  return simdFunctions<ConvTile>(memory, multiplyAddName('ConvTiles'), convTileSpecs);
}

/** The modules' bytes, for a thread that instantiates them on the same (shared) memory. */
export function convTileModules(): { name: string; bytes: Uint8Array }[] {
  return convTileSpecs().map((spec) => ({ name: spec.name, bytes: moduleBytes(spec, true) }));
}

// Parameters.
const [x, w, bias, out, rows, coTiles, pixelTiles, descriptor] = [0, 1, 2, 3, 4, 5, 6, 7];
// i32 locals: the descriptor's fields first.
const [kh, kLength, xRowStep, xRowsStep, pixelStep, coBytes, outRowStep, kBytes] = [
  8, 9, 10, 11, 12, 13, 14, 15,
];
const [rowLeft, coLeft, tileLeft, kyLeft, kLeft, xTile, outTile, wTile, biasTile] = [
  16, 17, 18, 19, 20, 21, 22, 23, 24,
];
const [xkRow, wk, outAt, xTileStep, outTileStep, wkRow, outCo] = [25, 26, 27, 28, 29, 30, 31];
const firstPixelAddress = 32;

const add = (target: number, step: number[]) => [
  ...op.get(target),
  ...step,
  ...op.add,
  ...op.set(target),
];
const addLocal = (target: number, step: number) => add(target, op.get(step));
const copy = (target: number, source: number) => [...op.get(source), ...op.set(target)];

function tileSpec(pixels: number, vectors: number): FunctionSpec {
  const xAt = (pixel: number) => firstPixelAddress + pixel;
  const firstVector = firstPixelAddress + pixels;
  const floor = firstVector;
  const accumulator = (pixel: number, vector: number) => floor + 1 + pixel * vectors + vector;
  const weight = (vector: number) => floor + 1 + pixels * vectors + vector;
  const splat = floor + 1 + (pixels + 1) * vectors;
  const pixelsOf = <T>(make: (pixel: number) => T[]) =>
    Array.from({ length: pixels }, (_, pixel) => make(pixel)).flat();
  const vectorsOf = <T>(make: (vector: number) => T[]) =>
    Array.from({ length: vectors }, (_, vector) => make(vector)).flat();

  const tap = [
    ...vectorsOf((vector) => [...op.get(wk), ...op.loadAt(16 * vector), ...op.set(weight(vector))]),
    ...pixelsOf((pixel) => [
      ...op.get(xAt(pixel)),
      ...op.splatAt(0),
      ...op.set(splat),
      ...vectorsOf((vector) => [
        ...multiplyAdd(accumulator(pixel, vector), splat, weight(vector)),
        ...op.set(accumulator(pixel, vector)),
      ]),
      ...add(xAt(pixel), op.i32(4)),
    ]),
    ...addLocal(wk, coBytes),
  ];
  const filterRow = [
    ...copy(xAt(0), xkRow),
    ...pixelsOf((pixel) =>
      pixel === 0
        ? []
        : [...op.get(xAt(pixel - 1)), ...op.get(pixelStep), ...op.add, ...op.set(xAt(pixel))],
    ),
    ...copy(wk, wkRow),
    ...copy(kLeft, kLength),
    ...countDown(kLeft, tap),
    ...addLocal(xkRow, xRowStep),
    ...addLocal(wkRow, kBytes),
  ];
  const tile = [
    ...vectorsOf((vector) => [
      ...op.get(biasTile),
      ...op.loadAt(16 * vector),
      ...op.set(accumulator(0, vector)),
    ]),
    ...pixelsOf((pixel) =>
      pixel === 0
        ? []
        : vectorsOf((vector) => copy(accumulator(pixel, vector), accumulator(0, vector))),
    ),
    ...copy(xkRow, xTile),
    ...copy(wkRow, wTile),
    ...copy(kyLeft, kh),
    ...countDown(kyLeft, filterRow),
    ...copy(outAt, outTile),
    ...pixelsOf((pixel) => [
      ...vectorsOf((vector) => [
        ...op.get(outAt),
        ...op.get(accumulator(pixel, vector)),
        ...op.get(floor),
        ...op.pseudoMaxFloat32,
        ...op.storeAt(16 * vector),
      ]),
      ...addLocal(outAt, coBytes),
    ]),
    ...addLocal(xTile, xTileStep),
    ...addLocal(outTile, outTileStep),
  ];
  const coTile = [
    ...copy(xTile, x),
    ...copy(outTile, outCo),
    ...copy(tileLeft, pixelTiles),
    ...countDown(tileLeft, tile),
    ...add(wTile, op.i32(16 * vectors)),
    ...add(biasTile, op.i32(16 * vectors)),
    ...add(outCo, op.i32(16 * vectors)),
  ];
  const row = [
    ...copy(wTile, w),
    ...copy(biasTile, bias),
    ...copy(outCo, out),
    ...copy(coLeft, coTiles),
    ...countDown(coLeft, coTile),
    ...addLocal(x, xRowsStep),
    ...addLocal(out, outRowStep),
  ];
  const fields = [kh, kLength, xRowStep, xRowsStep, pixelStep, coBytes, outRowStep, kBytes];
  return {
    name: multiplyAddName(`convTile${pixels}x${vectors}`),
    parameters: convTileParameterCount,
    i32Locals: firstPixelAddress + pixels - convTileParameterCount,
    v128Locals: 1 + (pixels + 1) * vectors + 1,
    body: [
      ...fields.flatMap((field, index) => [
        ...op.get(descriptor),
        ...op.loadInt32At(4 * index),
        ...op.set(field),
      ]),
      ...op.get(descriptor),
      ...op.loadAt(descriptorFloorByte),
      ...op.set(floor),
      ...op.get(pixelStep),
      ...op.i32(pixels),
      ...op.mul,
      ...op.set(xTileStep),
      ...op.get(coBytes),
      ...op.i32(pixels),
      ...op.mul,
      ...op.set(outTileStep),
      ...copy(rowLeft, rows),
      ...countDown(rowLeft, row),
    ],
  };
}

/**
 * padImage(block, blockBytes, x, rows, rowBytes, xRowStep, blockRowStep, firstRow): zeroes the
 * `blockBytes` at `block`, then copies `rows` rows of `rowBytes` from x (rows `xRowStep` apart)
 * to block + firstRow (rows `blockRowStep` apart). Byte addresses and counts; rows may be 0.
 */
function padImageSpec(): FunctionSpec {
  const [block, blockBytes, source, rowCount, rowBytes, sourceStep, blockStep, firstRow] = [
    0, 1, 2, 3, 4, 5, 6, 7,
  ];
  const target = 8;
  return {
    name: 'padImage',
    parameters: 8,
    i32Locals: 1,
    v128Locals: 0,
    body: [
      ...[...op.get(block), ...op.i32(0), ...op.get(blockBytes), ...op.fillMemory],
      ...[...op.get(block), ...op.get(firstRow), ...op.add, ...op.set(target)],
      ...op.get(rowCount),
      ...op.ifThen,
      ...countDown(rowCount, [
        ...[...op.get(target), ...op.get(source), ...op.get(rowBytes), ...op.copyMemory],
        ...addLocal(target, blockStep),
        ...addLocal(source, sourceStep),
      ]),
      ...op.end,
    ],
  };
}
