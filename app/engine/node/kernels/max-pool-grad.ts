/**
 * MaxPoolGrad for the wasm backend. The one it ships is a generic loop that becomes the largest
 * cost of training once the convolutions are fast; this one walks the pooling windows once,
 * channels innermost, on the wasm heap. Like the cpu backend, the gradient of each window goes
 * to its first maximum (ties matter: after a ReLU many windows are all zeros).
 */
import type * as tfjs from '@tensorflow/tfjs';

import { simdRowGrad, type RowGrad } from './simd-pool-grad.js';
import { input, type TensorInfo, type WasmKernels } from './wasm-backend.js';

export function maxPoolGrad(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tfjs.MaxPoolGradAttrs;
  const dy = input(inputs, 'dy');
  const x = input(inputs, 'input');
  const info = wasm.tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dx = wasm.output(x.shape);
  const isTwoByTwo =
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.outHeight * 2 <= info.inHeight &&
    info.outWidth * 2 <= info.inWidth;
  const memory = wasm.memory();
  const rowGrad = isTwoByTwo && info.inChannels % 4 === 0 && memory ? simdRowGrad(memory) : null;
  if (rowGrad !== null) {
    scatterRows(rowGrad, wasm.view(dx), info, {
      x: wasm.offset(x) * 4,
      dy: wasm.offset(dy) * 4,
      dx: wasm.offset(dx) * 4,
    });
    return dx;
  }
  const scatter = isTwoByTwo ? scatterTwoByTwo : scatterToMaxima;
  scatter(wasm.view(x), wasm.view(dy), wasm.view(dx), info);
  return dx;
}

/**
 * The 2×2 path by the SIMD row function (simd-pool-grad.ts), which writes all four taps of every
 * window; rows and columns of an odd-sized input that no window covers are zeroed first.
 */
function scatterRows(
  rowGrad: RowGrad,
  dx: Float32Array,
  info: tfjs.backend_util.Conv2DInfo,
  bytes: { x: number; dy: number; dx: number },
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  if (inHeight % 2 === 1 || inWidth % 2 === 1) dx.fill(0);
  const inRowBytes = inWidth * channels * 4;
  const outRowBytes = outWidth * channels * 4;
  for (let n = 0; n < batchSize; n++) {
    for (let r = 0; r < outHeight; r++) {
      const inRow = (n * inHeight + 2 * r) * inRowBytes;
      const outRow = (n * outHeight + r) * outRowBytes;
      rowGrad(
        bytes.x + inRow,
        bytes.dy + outRow,
        bytes.dx + inRow,
        outWidth,
        channels * 4,
        inRowBytes,
      );
    }
  }
}

/**
 * The common 2×2, stride 2 pooling whose windows all lie inside the input: dx zeroed, then the
 * four taps unrolled and one value written per window. ~2× faster than the general loop.
 */
function scatterTwoByTwo(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: tfjs.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  dx.fill(0);
  const row = inWidth * channels;
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let r = 0; r < outHeight; r++) {
      let p = (n * inHeight + 2 * r) * row;
      for (let c = 0; c < outWidth; c++, p += channels) {
        for (let d = 0; d < channels; d++, o++, p++) {
          // The first strict maximum, as on cpu: a window of −∞ (or NaN) gets no gradient.
          let best = Number.NEGATIVE_INFINITY;
          let tap = -1;
          const a = x[p] as number;
          if (a > best) {
            best = a;
            tap = p;
          }
          const b = x[p + channels] as number;
          if (b > best) {
            best = b;
            tap = p + channels;
          }
          const e = x[p + row] as number;
          if (e > best) {
            best = e;
            tap = p + row;
          }
          const f = x[p + row + channels] as number;
          if (f > best) tap = p + row + channels;
          if (tap >= 0) dx[tap] = dy[o] as number;
        }
      }
    }
  }
}

/**
 * For each window, the taps are visited in row-major order and the channels innermost, so that
 * every read is contiguous; `best` and `bestIndex` hold the running maximum of each channel.
 */
function scatterToMaxima(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: tfjs.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const best = new Float32Array(channels);
  const bestIndex = new Int32Array(channels);
  dx.fill(0);
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let r = 0; r < outHeight; r++) {
      const rowStart = Math.max(0, r * strideHeight - top);
      const rowEnd = Math.min(inHeight, r * strideHeight - top + filterHeight);
      for (let c = 0; c < outWidth; c++, o += channels) {
        const columnStart = Math.max(0, c * strideWidth - left);
        const columnEnd = Math.min(inWidth, c * strideWidth - left + filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        bestIndex.fill(-1);
        for (let i = rowStart; i < rowEnd; i++) {
          for (let j = columnStart; j < columnEnd; j++) {
            const tap = ((n * inHeight + i) * inWidth + j) * channels;
            for (let d = 0; d < channels; d++) {
              const value = x[tap + d] as number;
              if (value > (best[d] as number)) {
                best[d] = value;
                bestIndex[d] = tap + d;
              }
            }
          }
        }
        for (let d = 0; d < channels; d++) {
          const index = bestIndex[d] as number;
          if (index >= 0) dx[index] = (dx[index] as number) + (dy[o + d] as number);
        }
      }
    }
  }
}
