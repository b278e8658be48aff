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
  scatterToMaxima(wasm.view(x), wasm.view(dy), wasm.view(dx), info);
  return dx;
}

function scatterToMaxima(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: tfjs.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    const image = n * inHeight;
    for (let r = 0; r < outHeight; r++) {
      const rowStart = Math.max(0, r * strideHeight - top);
      const rowEnd = Math.min(inHeight, r * strideHeight - top + filterHeight);
      for (let c = 0; c < outWidth; c++, o += channels) {
        const columnStart = Math.max(0, c * strideWidth - left);
        const columnEnd = Math.min(inWidth, c * strideWidth - left + filterWidth);
        for (let d = 0; d < channels; d++) {
          let best = Number.NEGATIVE_INFINITY;
          let bestIndex = -1;
          for (let i = rowStart; i < rowEnd; i++) {
            let index = ((image + i) * inWidth + columnStart) * channels + d;
            for (let j = columnStart; j < columnEnd; j++, index += channels) {
              const value = x[index] as number;
              if (value > best) {
                best = value;
                bestIndex = index;
              }
            }
          }
          if (bestIndex >= 0) dx[bestIndex] = (dx[bestIndex] as number) + (dy[o + d] as number);
        }
      }
    }
  }
}
