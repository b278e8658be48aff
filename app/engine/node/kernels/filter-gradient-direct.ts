/**
 * The filter gradient computed straight from NHWC x and dy (an implicit GEMM: no shifted copies
 * of x, no packing), tap by tap, in the SIMD tiles of simd-filter-tile.ts:
 *
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh − padTop, ow·s + kw − padLeft, ci] · dy[n, oh, ow, co]
 *
 * For each tap the output rows and columns whose input lies inside the image are a range, so
 * padding costs nothing and any stride works. With the threaded wasm module a second thread
 * (filter-gradient-thread.ts) takes the second half of the batch into its own partial dW, which
 * is added to the calling thread's at the end. Output channels must come in fours; dilation must
 * be 1 (the caller keeps its other methods for the rest).
 */
import type * as tfjs from '@tensorflow/tfjs';

import { maxThreadCalls, tileThreadFor } from './filter-gradient-thread.js';
import {
  maxTileRows,
  maxTileVectors,
  simdFilterTiles,
  tileIndex,
  tileParameterCount,
  type FilterTile,
} from './simd-filter-tile.js';
import type { TensorInfo, WasmKernels } from './wasm-backend.js';

type Conv2DInfo = tfjs.backend_util.Conv2DInfo;

/** Each call of a tile function: its tileIndex, then its parameters. */
export const recordLength = 1 + tileParameterCount;
/** Bytes of x and dy that one chunk of output rows reads: well inside a core's L2. */
const chunkBytes = 128 * 1024;
/** The calls of one kernel and thread fit the second thread's control block. */
const maxRecordValues = maxThreadCalls * recordLength;

export function isDirectApplicable(info: Conv2DInfo): boolean {
  return info.outChannels % 4 === 0 && info.dilationHeight === 1 && info.dilationWidth === 1;
}

/**
 * dW by the direct method, or null where wasm SIMD cannot run it. `isThreaded` false keeps all
 * the work on the calling thread, split as the second thread would share it (tests: the same
 * bits either way).
 */
export function directFilterGradient(
  wasm: WasmKernels,
  x: TensorInfo,
  dy: TensorInfo,
  info: Conv2DInfo,
  isThreaded = true,
): TensorInfo | null {
  const memory = wasm.memory();
  const tiles = memory === null ? null : simdFilterTiles(memory);
  if (memory === null || tiles === null) return null;
  const { filterHeight, filterWidth, inChannels, outChannels, batchSize } = info;
  const shape = [filterHeight, filterWidth, inChannels, outChannels];
  // The batch is split wherever a second thread exists, whether or not it is ready (or wanted):
  // the two halves are summed apart and then added, so dW has the same bits whichever thread
  // computed the second half. Splitting only once the worker was ready made the first steps of a
  // run round differently from the rest, and two identical runs differ in the last bits.
  const thread = batchSize > 1 ? tileThreadFor(memory, recordLength) : null;
  const ownImages = thread !== null ? Math.ceil(batchSize / 2) : batchSize;

  const gradient = wasm.output(shape);
  const partial = thread !== null ? wasm.output(shape) : null;
  const xAddress = 4 * wasm.offset(x);
  const dyAddress = 4 * wasm.offset(dy);
  const gradientAddress = 4 * wasm.offset(gradient);
  const size = shape.reduce((a, b) => a * b, 1);
  wasm.view(gradient).fill(0);
  let others: Int32Array | null = null;
  if (partial !== null && thread !== null) {
    wasm.view(partial).fill(0);
    const addresses = { x: xAddress, dy: dyAddress, dw: 4 * wasm.offset(partial) };
    others = records(info, addresses, ownImages, batchSize - ownImages);
    if (!isThreaded || !thread.start(others, recordLength)) runRecords(tiles, others);
  }
  const own = records(info, { x: xAddress, dy: dyAddress, dw: gradientAddress }, 0, ownImages);
  runRecords(tiles, own);
  if (partial !== null && thread !== null && others !== null) {
    if (!thread.finish()) {
      wasm.view(partial).fill(0);
      runRecords(tiles, others);
    }
    const total = wasm.view(gradient);
    const other = wasm.view(partial);
    for (let index = 0; index < size; index++)
      total[index] = (total[index] ?? 0) + (other[index] ?? 0);
    wasm.dispose(partial);
  }
  return gradient;
}

export function runRecords(tiles: readonly FilterTile[], list: Int32Array): void {
  for (let at = 0; at < list.length; at += recordLength) {
    const tile = tiles[list[at] ?? 0];
    const value = (index: number) => list[at + index] ?? 0;
    tile?.(
      value(1),
      value(2),
      value(3),
      value(4),
      value(5),
      value(6),
      value(7),
      value(8),
      value(9),
      value(10),
      value(11),
      value(12),
      value(13),
      value(14),
    );
  }
}

/** Where the operands start on the heap, in bytes. */
interface Addresses {
  readonly x: number;
  readonly dy: number;
  readonly dw: number;
}

/** Output positions o in [0, outSize) with 0 ≤ o·stride + offset < inSize: [first, end). */
function validRange(offset: number, stride: number, inSize: number, outSize: number) {
  const first = Math.max(0, Math.ceil(-offset / stride));
  const end = Math.min(outSize, Math.floor((inSize - 1 - offset) / stride) + 1);
  return { first, count: end - first };
}

/** A split of `total` into blocks of `size`, then the rest (tile shapes; forward-conv.ts too). */
export function blocks(total: number, size: number) {
  const full = Math.floor(total / size);
  const parts = full > 0 ? [{ start: 0, size, count: full }] : [];
  const rest = total - full * size;
  return rest > 0 ? [...parts, { start: full * size, size: rest, count: 1 }] : parts;
}

/**
 * The tile calls for images [firstImage, firstImage + images): every tap of one group of images,
 * then the next group, so that a group's x and dy stay in the core's cache while its taps and
 * tiles read them (the whole batch would be read again for each tap and tile from L3). A group
 * is one image unless the calls would not fit the second thread's control block.
 */
function records(info: Conv2DInfo, at: Addresses, firstImage: number, images: number): Int32Array {
  const taps = tapCalls(info, at);
  const callsPerImage = taps.length / recordLength;
  const imagesPerJob = Math.max(1, Math.floor(maxRecordValues / Math.max(taps.length, 1)));
  const group = Math.ceil(images / imagesPerJob);
  const list = new Int32Array(images > 0 ? Math.ceil(images / group) * taps.length : 0);
  const [xImageStep = 0, dyImageStep = 0] = taps.subarray(9, 11);
  for (let image = 0, at = 0; image < images; image += group) {
    const count = Math.min(group, images - image);
    const n = firstImage + image;
    for (let call = 0; call < callsPerImage; call++, at += recordLength) {
      list.set(taps.subarray(call * recordLength, (call + 1) * recordLength), at);
      list[at + 1] = (list[at + 1] ?? 0) + n * xImageStep;
      list[at + 2] = (list[at + 2] ?? 0) + n * dyImageStep;
      list[at + 4] = count;
    }
  }
  return list;
}

/** The tile calls of image 0, every tap and tile. */
function tapCalls(info: Conv2DInfo, at: Addresses): Int32Array {
  const { inHeight, inWidth, inChannels, outChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const steps = [
    inHeight * inWidth * inChannels * 4,
    outHeight * outWidth * outChannels * 4,
    strideHeight * inWidth * inChannels * 4,
    outWidth * outChannels * 4,
    strideWidth * inChannels * 4,
    outChannels * 4,
  ];
  const ciBlocks = blocks(inChannels, Math.min(inChannels, maxTileRows));
  const coBlocks = blocks(outChannels / 4, maxTileVectors);
  const list: number[] = [];
  // Output rows in chunks whose x and dy stay in the core's L2 while every tap and tile reads
  // them (a large image's tiles would otherwise each stream it from L3).
  const rowBytes = (strideHeight * inWidth * inChannels + outWidth * outChannels) * 4;
  const chunkRows = Math.max(1, Math.floor(chunkBytes / rowBytes));
  for (let chunk = 0; chunk < outHeight; chunk += chunkRows) {
    const chunkEnd = Math.min(outHeight, chunk + chunkRows);
    for (let kh = 0; kh < filterHeight; kh++) {
      const valid = validRange(kh - top, strideHeight, inHeight, outHeight);
      const firstRow = Math.max(valid.first, chunk);
      const rowCount = Math.min(valid.first + valid.count, chunkEnd) - firstRow;
      for (let kw = 0; kw < filterWidth && rowCount > 0; kw++) {
        const columns = validRange(kw - left, strideWidth, inWidth, outWidth);
        if (columns.count <= 0) continue;
        const inRow = firstRow * strideHeight + kh - top;
        const inColumn = columns.first * strideWidth + kw - left;
        const xTap = at.x + (inRow * inWidth + inColumn) * inChannels * 4;
        const dyTap = at.dy + (firstRow * outWidth + columns.first) * outChannels * 4;
        const dwTap = at.dw + (kh * filterWidth + kw) * inChannels * outChannels * 4;
        for (const ci of ciBlocks) {
          for (const co of coBlocks) {
            list.push(
              tileIndex(ci.size, co.size),
              xTap + ci.start * 4,
              dyTap + co.start * 16,
              dwTap + (ci.start * outChannels + co.start * 4) * 4,
              1,
              rowCount,
              columns.count,
              ci.count,
              co.count,
              ...steps,
            );
          }
        }
      }
    }
  }
  return Int32Array.from(list);
}
