/**
 * Conv2DBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 lacks.
 *
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh − pad, ow·s + kw − pad, ci] · dy[n, oh, ow, co]
 *
 * is written as one forward convolution over the batch and the positions, so that XNNPACK does
 * the work, in one of two ways. XNNPACK packs a convolution's filter on every call (single-threaded,
 * before the threads share the product), and here the filter is as large as x or dy:
 *  - `dyAsFilter`: x transposed to [ci, H, W, n] (the batch becomes the channel being reduced)
 *    convolved with dy transposed to [oh, ow, n, co], dilated by the stride; the output is
 *    [ci, kh, kw, co]. Works for every stride; packs dy.
 *  - `xAsFilter` (stride 1): dy transposed to [co, oh, ow, n] and padded, convolved with x
 *    transposed to [H, W, n, ci]; the output is [co, kh, kw, ci] with the taps reversed. Packs x,
 *    which is smaller than dy wherever a layer has more output than input channels (the first
 *    layer: 3 against 16, a fifth of the packing), but spends the GEMM's tiles on ci columns.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { input, requireNhwc, type TensorInfo, type WasmKernels } from './wasm-backend.js';

type Conv2DInfo = tfjs.backend_util.Conv2DInfo;
export type FilterGradientMethod = 'dyAsFilter' | 'xAsFilter';

export function conv2dBackpropFilter(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  return filterGradient(wasm, inputs, attrs);
}

/** The kernel, with the method forced (tests), or chosen by the shapes. */
export function filterGradient(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
  method?: FilterGradientMethod,
): TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as tfjs.Conv2DBackpropFilterAttrs;
  requireNhwc('Conv2DBackpropFilter', dataFormat);
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  const info = wasm.tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const reversedPadding = xAsFilterPadding(info);
  const chosen =
    method ?? (reversedPadding !== null && isXSmaller(info) ? 'xAsFilter' : 'dyAsFilter');
  if (chosen === 'xAsFilter' && reversedPadding !== null) {
    return xAsFilter(wasm, x, dy, info, reversedPadding);
  }
  return dyAsFilter(wasm, x, dy, info);
}

/**
 * Whether x packs smaller than dy, as XNNPACK packs filters: output channels in tiles of 8.
 * Measured on REF-CNN's three layers, `xAsFilter` is faster wherever this holds.
 */
function isXSmaller(info: Conv2DInfo): boolean {
  const tiles = (channels: number) => Math.ceil(channels / 8) * 8;
  const xPacked = info.inHeight * info.inWidth * tiles(info.inChannels);
  const dyPacked = info.outHeight * info.outWidth * tiles(info.outChannels);
  return xPacked <= dyPacked;
}

function dyAsFilter(wasm: WasmKernels, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo) {
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  // Rows of x past the last one any filter tap reaches are cropped; rows missing there are padding.
  const bottom = info.filterHeight + (outHeight - 1) * strideHeight - top - inHeight;
  const right = info.filterWidth + (outWidth - 1) * strideWidth - left - inWidth;

  const cropped =
    bottom < 0 || right < 0
      ? wasm.run(
          'Slice',
          { x },
          {
            begin: [0, 0, 0, 0],
            size: [-1, inHeight + Math.min(bottom, 0), inWidth + Math.min(right, 0), -1],
          },
        )
      : undefined;
  const xT = wasm.run('Transpose', { x: cropped ?? x }, { perm: [3, 1, 2, 0] });
  const dyT = wasm.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  if (cropped !== undefined) wasm.dispose(cropped);
  const gradT = wasm.run(
    'Conv2D',
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      dilations: [strideHeight, strideWidth],
      pad: [
        [0, 0],
        [top, Math.max(bottom, 0)],
        [left, Math.max(right, 0)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  wasm.dispose(xT, dyT);
  const grad = wasm.run('Transpose', { x: gradT }, { perm: [1, 2, 0, 3] });
  wasm.dispose(gradT);
  return grad;
}

interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * The padding of dy for `xAsFilter`: kh = fh − 1 − i pairs output row i with dy rows
 * y − kh + top. Null where that method does not apply (stride > 1, or padding past the filter).
 */
function xAsFilterPadding(info: Conv2DInfo): Padding | null {
  const { filterHeight: fh, filterWidth: fw, inHeight, inWidth, outHeight, outWidth } = info;
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const { top, left } = info.padInfo;
  // The padding the output size implies below and right of x (stride 1: no rounding).
  const bottom = outHeight - inHeight - top + fh - 1;
  const right = outWidth - inWidth - left + fw - 1;
  const padding = {
    top: fh - 1 - top,
    bottom: fh - 1 - bottom,
    left: fw - 1 - left,
    right: fw - 1 - right,
  };
  return Object.values(padding).every((p) => p >= 0) ? padding : null;
}

function xAsFilter(
  wasm: WasmKernels,
  x: TensorInfo,
  dy: TensorInfo,
  info: Conv2DInfo,
  padding: Padding,
): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co } = info;
  const xT = wasm.run('Transpose', { x }, { perm: [1, 2, 0, 3] });
  const dyT = wasm.run('Transpose', { x: dy }, { perm: [3, 1, 2, 0] });
  const reversed = wasm.run(
    'Conv2D',
    { x: dyT, filter: xT },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [padding.top, padding.bottom],
        [padding.left, padding.right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  wasm.dispose(xT, dyT);
  // [co, fh − 1 − kh, fw − 1 − kw, ci] → [kh, kw, ci, co]: at most a few thousand values.
  const grad = wasm.output([fh, fw, ci, co]);
  const src = wasm.view(reversed);
  const dst = wasm.view(grad);
  for (let o = 0; o < co; o++) {
    for (let kh = 0; kh < fh; kh++) {
      for (let kw = 0; kw < fw; kw++) {
        const from = ((o * fh + fh - 1 - kh) * fw + fw - 1 - kw) * ci;
        const to = (kh * fw + kw) * ci * co + o;
        for (let i = 0; i < ci; i++) dst[to + i * co] = src[from + i] as number;
      }
    }
  }
  wasm.dispose(reversed);
  return grad;
}
