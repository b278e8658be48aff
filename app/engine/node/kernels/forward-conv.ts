/**
 * Fovea's forward convolution (+ bias, + ReLU) on the wasm backend, a direct NHWC method in the
 * SIMD tiles of simd-conv-tile.ts:
 *
 *   y[n, oh, ow, co] = act(bias[co] + Σ_{ky, kx, ci} xPadded[n, oh·sh + ky, ow·sw + kx, ci] · W[ky, kx, ci, co])
 *
 * The input is first copied into a zero-padded scratch block (skipped where no padding is
 * needed), so that every tap is valid and the taps of one filter row are one run of kw·Ci floats
 * in both the input and the filter. With the threaded wasm module the second thread of
 * filter-gradient-thread.ts computes the second half of the output rows (of the whole batch, so
 * a batch of 1 is split too). Output channels must come in fours and dilation must be 1; the
 * kernels in conv2d.ts hand everything else to XNNPACK.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { blocks, recordLength } from './filter-gradient-direct.js';
import { convTileOffset, tileThreadFor } from './filter-gradient-thread.js';
import {
  convTileIndex,
  descriptorBytes,
  descriptorFields,
  descriptorFloorByte,
  maxTilePixels,
  maxTileVectors,
  simdConvTiles,
  type ConvTile,
} from './simd-conv-tile.js';
import type { TensorInfo, WasmKernels } from './wasm-backend.js';

type Conv2DInfo = tfjs.backend_util.Conv2DInfo;

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
  if (isPadded) {
    const padded = scratchValues.subarray(16 + outChannels);
    padInput(heap, wasm.offset(x), padded, info, height, width);
  }
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
  const totalRows = batchSize * outHeight;
  const thread = isThreaded && totalRows > 1 ? tileThreadFor(memory, recordLength) : null;
  const isShared = thread?.isReady() ?? false;
  const ownRows = isShared ? Math.ceil(totalRows / 2) : totalRows;
  const others = isShared ? records(info, addresses, ownRows, totalRows) : null;
  const isHanded = others !== null && thread !== null && thread.start(others, recordLength);
  runRecords(tiles, records(info, addresses, 0, ownRows));
  if (others !== null && !(isHanded && thread.finish())) runRecords(tiles, others);
  wasm.dispose(scratch);
  return y;
}

/** x copied into a zeroed block of `height` × `width` pixels per image, at (top, left). */
function padInput(
  heap: Float32Array,
  xOffset: number,
  padded: Float32Array,
  info: Conv2DInfo,
  height: number,
  width: number,
): void {
  const { batchSize, inHeight, inWidth, inChannels } = info;
  const { top, left } = info.padInfo;
  padded.fill(0);
  const rows = Math.min(inHeight, height - top);
  const rowLength = Math.min(inWidth, width - left) * inChannels;
  for (let n = 0; n < batchSize; n++) {
    for (let row = 0; row < rows; row++) {
      const from = xOffset + (n * inHeight + row) * inWidth * inChannels;
      const to = ((n * height + row + top) * width + left) * inChannels;
      padded.set(heap.subarray(from, from + rowLength), to);
    }
  }
}

interface Addresses {
  readonly source: Source;
  readonly filter: number;
  readonly bias: number;
  readonly y: number;
  readonly descriptor: number;
}

/** The tile calls for the output rows [first, end) of the whole batch (n·outHeight + oh). */
function records(info: Conv2DInfo, at: Addresses, first: number, end: number): Int32Array {
  const { outHeight, outWidth, outChannels, strideHeight, strideWidth, inChannels } = info;
  const pixelBlocks = blocks(outWidth, maxTilePixels);
  const coBlocks = blocks(outChannels / 4, maxTileVectors);
  const list: number[] = [];
  for (let row = first; row < end;) {
    const n = Math.floor(row / outHeight);
    const oh = row - n * outHeight;
    const rows = Math.min(outHeight - oh, end - row);
    const xRow =
      at.source.address + n * at.source.imageBytes + oh * strideHeight * at.source.rowBytes;
    const yRow = at.y + (n * outHeight + oh) * outWidth * outChannels * 4;
    for (const pixel of pixelBlocks) {
      for (const co of coBlocks) {
        const call = new Array<number>(recordLength).fill(0);
        call[0] = convTileOffset + convTileIndex(pixel.size, co.size);
        call[1] = xRow + pixel.start * strideWidth * inChannels * 4;
        call[2] = at.filter + co.start * 16;
        call[3] = at.bias + co.start * 16;
        call[4] = yRow + (pixel.start * outChannels + co.start * 4) * 4;
        call[5] = rows;
        call[6] = co.count;
        call[7] = pixel.count;
        call[8] = at.descriptor;
        list.push(...call);
      }
    }
    row += rows;
  }
  return Int32Array.from(list);
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
