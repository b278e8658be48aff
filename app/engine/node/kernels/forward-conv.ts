/**
 * Fovea's forward convolution (+ bias, + ReLU) on the wasm backend, a direct NHWC method in the
 * SIMD tiles of simd-conv-tile.ts:
 *
 *   y[n, oh, ow, co] = act(bias[co] + Σ_{ky, kx, ci} xPadded[n, oh·sh + ky, ow·sw + kx, ci] · W[ky, kx, ci, co])
 *
 * Each image is first copied into a zero-padded scratch block (padImage, skipped where no padding
 * is needed), so that every tap is valid and the taps of one filter row are one run of kw·Ci
 * floats in both the input and the filter. The work is cut into chunks (an image: its padding,
 * then its tiles; or, for batches too small to keep two threads busy, a few rows of an image once
 * every image is padded). With the threaded wasm module the calling thread and the tile thread of
 * filter-gradient-thread.ts each take the next chunk until none is left; a static half each left
 * one thread waiting for the other about a tenth of the time. Every output is computed by one
 * tile call whichever thread runs it, so the result has the same bits either way. Output channels
 * must come in fours and dilation must be 1; the kernels in conv2d.ts hand everything else to
 * XNNPACK.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { blocks, recordLength } from './filter-gradient-direct.js';
import {
  convTileOffset,
  maxThreadCalls,
  tileThreadFor,
  type TileThread,
} from './filter-gradient-thread.js';
import {
  convTileIndex,
  descriptorBytes,
  descriptorFields,
  descriptorFloorByte,
  maxTilePixels,
  maxTileVectors,
  padImageIndex,
  simdConvTiles,
  type ConvTile,
} from './simd-conv-tile.js';
import type { TensorInfo, WasmKernels } from './wasm-backend.js';

type Conv2DInfo = tfjs.backend_util.Conv2DInfo;

/** Chunks a batch is cut into at least, so that neither thread waits long for the other. */
const minChunks = 16;

export function isForwardApplicable(info: Conv2DInfo): boolean {
  return info.outChannels % 4 === 0 && info.dilationHeight === 1 && info.dilationWidth === 1;
}

/** The padded input block the tiles read, and where its rows and images lie (bytes). */
interface Source {
  readonly address: number;
  readonly rowBytes: number;
  readonly imageBytes: number;
}

/**
 * y by the direct method, or null where wasm SIMD cannot run it. `bias` null adds nothing.
 * `isThreaded` false keeps all the work on the calling thread (tests).
 */
export function forwardConvolution(
  wasm: WasmKernels,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | null,
  info: Conv2DInfo,
  isRelu: boolean,
  isThreaded = true,
): TensorInfo | null {
  const memory = wasm.memory();
  const tiles = memory === null ? null : simdConvTiles(memory);
  if (memory === null || tiles === null) return null;
  const { batchSize, inHeight, inWidth, inChannels, outChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const height = (outHeight - 1) * strideHeight + filterHeight;
  const width = (outWidth - 1) * strideWidth + filterWidth;
  const isPadded = top > 0 || left > 0 || height > inHeight || width > inWidth;

  const y = wasm.output(info.outShape);
  const paddedSize = isPadded ? batchSize * height * width * inChannels : 0;
  // The descriptor (16 floats), zeros for a missing bias, then the padded input.
  const scratch = wasm.output([16 + outChannels + paddedSize]);
  const scratchAddress = 4 * wasm.offset(scratch);
  const heap = wasm.heap();
  const scratchValues = wasm.view(scratch);
  scratchValues.fill(0, 0, 16 + outChannels);
  const source: Source = isPadded
    ? {
        address: scratchAddress + 4 * (16 + outChannels),
        rowBytes: width * inChannels * 4,
        imageBytes: height * width * inChannels * 4,
      }
    : {
        address: 4 * wasm.offset(x),
        rowBytes: inWidth * inChannels * 4,
        imageBytes: inHeight * inWidth * inChannels * 4,
      };
  const fields: Record<(typeof descriptorFields)[number], number> = {
    kh: filterHeight,
    kLength: filterWidth * inChannels,
    xRowStep: source.rowBytes,
    xRowsStep: strideHeight * source.rowBytes,
    pixelStep: strideWidth * inChannels * 4,
    coBytes: outChannels * 4,
    outRowStep: outWidth * outChannels * 4,
    kBytes: filterWidth * inChannels * outChannels * 4,
  };
  const integers = new Int32Array(heap.buffer, scratchAddress, descriptorBytes / 4);
  descriptorFields.forEach((field, index) => (integers[index] = fields[field]));
  scratchValues.fill(isRelu ? 0 : -Infinity, descriptorFloorByte / 4, descriptorBytes / 4);

  const addresses: Addresses = {
    source,
    filter: 4 * wasm.offset(filter),
    bias: bias === null ? scratchAddress + 64 : 4 * wasm.offset(bias),
    y: 4 * wasm.offset(y),
    descriptor: scratchAddress,
  };
  const thread = isThreaded ? tileThreadFor(memory, recordLength) : null;
  // Chunks of whole images, each padded by the thread that takes it, or chunks of rows where the
  // batch is too small to keep both threads busy (then padded here first).
  const chunksPerImage = thread === null ? 1 : Math.ceil(minChunks / batchSize);
  const rowsPerChunk = Math.ceil(outHeight / Math.min(chunksPerImage, outHeight));
  const isPaddedByChunk = isPadded && rowsPerChunk === outHeight;
  const padding = isPadded ? padCall(info, source, height, width, 4 * wasm.offset(x)) : null;
  if (padding !== null && !isPaddedByChunk) {
    const pads = new Int32Array(batchSize * recordLength);
    for (let n = 0; n < batchSize; n++) pads.set(padding.image(n), n * recordLength);
    runRecords(tiles, pads);
  }
  const { list, chunk } = records(info, addresses, rowsPerChunk, isPaddedByChunk ? padding : null);
  runShared(tiles, list, chunk, thread);
  wasm.dispose(scratch);
  return y;
}

interface Addresses {
  readonly source: Source;
  readonly filter: number;
  readonly bias: number;
  readonly y: number;
  readonly descriptor: number;
}

/**
 * The tile calls for the whole batch, in chunks of `rowsPerChunk` output rows of one image (the
 * last chunk of an image may have fewer rows), and the number of calls in every chunk. With
 * `padding` (whole images only) each image's chunk starts with its padImage call.
 */
function records(
  info: Conv2DInfo,
  at: Addresses,
  rowsPerChunk: number,
  padding: PadCall | null,
): { list: Int32Array; chunk: number } {
  const { batchSize, outHeight, outWidth, outChannels, strideHeight, strideWidth, inChannels } =
    info;
  const pixelBlocks = blocks(outWidth, maxTilePixels);
  const coBlocks = blocks(outChannels / 4, maxTileVectors);
  const chunk = pixelBlocks.length * coBlocks.length + (padding === null ? 0 : 1);
  const list = new Int32Array(
    batchSize * Math.ceil(outHeight / rowsPerChunk) * chunk * recordLength,
  );
  let call = 0;
  for (let n = 0; n < batchSize; n++) {
    if (padding !== null) {
      list.set(padding.image(n), call * recordLength);
      call++;
    }
    for (let oh = 0; oh < outHeight; oh += rowsPerChunk) {
      const xRow =
        at.source.address + n * at.source.imageBytes + oh * strideHeight * at.source.rowBytes;
      const yRow = at.y + (n * outHeight + oh) * outWidth * outChannels * 4;
      for (const pixel of pixelBlocks) {
        for (const co of coBlocks) {
          list.set(
            [
              convTileOffset + convTileIndex(pixel.size, co.size),
              xRow + pixel.start * strideWidth * inChannels * 4,
              at.filter + co.start * 16,
              at.bias + co.start * 16,
              yRow + (pixel.start * outChannels + co.start * 4) * 4,
              Math.min(rowsPerChunk, outHeight - oh),
              co.count,
              pixel.count,
              at.descriptor,
            ],
            call * recordLength,
          );
          call++;
        }
      }
    }
  }
  return { list, chunk };
}

/** The padImage call (simd-conv-tile.ts) that copies image n of x into its padded block. */
interface PadCall {
  image(n: number): number[];
}

/** `block`: the padded images, `height` × `width` pixels each. */
function padCall(
  info: Conv2DInfo,
  block: Source,
  height: number,
  width: number,
  xAddress: number,
): PadCall {
  const { inHeight, inWidth, inChannels } = info;
  const { top, left } = info.padInfo;
  const pixelBytes = inChannels * 4;
  const rowBytes = Math.max(0, Math.min(inWidth, width - left)) * pixelBytes;
  const rows = rowBytes > 0 ? Math.max(0, Math.min(inHeight, height - top)) : 0;
  const xImageBytes = inHeight * inWidth * pixelBytes;
  return {
    image: (n) => [
      convTileOffset + padImageIndex,
      block.address + n * block.imageBytes,
      block.imageBytes,
      xAddress + n * xImageBytes,
      rows,
      rowBytes,
      inWidth * pixelBytes,
      block.rowBytes,
      top * block.rowBytes + left * pixelBytes,
    ],
  };
}

/**
 * Runs the calls, `chunk` at a time, on the calling thread and the tile thread where there is one
 * (each takes the next chunk when it has finished one, so neither waits for a slower half). The
 * chunks write separate outputs, so the result is the same whichever thread runs which.
 */
function runShared(
  tiles: readonly ConvTile[],
  list: Int32Array,
  chunk: number,
  thread: TileThread | null,
): void {
  const chunkLength = chunk * recordLength;
  const chunksPerJob = Math.floor(maxThreadCalls / chunk);
  if (thread === null || chunksPerJob === 0) {
    runRecords(tiles, list);
    return;
  }
  for (let first = 0; first < list.length; first += chunksPerJob * chunkLength) {
    const job = list.subarray(first, first + chunksPerJob * chunkLength);
    if (!thread.share(job, recordLength, chunk)) {
      runRecords(tiles, job);
      continue;
    }
    for (let next = thread.claim(); next >= 0; next = thread.claim())
      runRecords(tiles, job.subarray(next * chunkLength, (next + 1) * chunkLength));
    if (!thread.finish()) runRecords(tiles, job);
  }
}

function runRecords(tiles: readonly ConvTile[], list: Int32Array): void {
  for (let at = 0; at < list.length; at += recordLength) {
    const value = (index: number) => list[at + index] ?? 0;
    tiles[value(0) - convTileOffset]?.(
      value(1),
      value(2),
      value(3),
      value(4),
      value(5),
      value(6),
      value(7),
      value(8),
    );
  }
}
