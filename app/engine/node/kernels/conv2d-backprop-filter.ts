/**
 * Conv2DBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 lacks.
 *
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh − pad, ow·s + kw − pad, ci] · dy[n, oh, ow, co]
 *
 * is computed by Fovea's own SIMD tiles straight from x and dy on both threads (`direct`,
 * filter-gradient-direct.ts) wherever the output channels come in fours and wasm SIMD runs. On
 * REF-CNN's three layers it takes ~15 ms on two threads (~28 on one) where `patches` took ~52
 * (XNNPACK packs its operands on every call, on one thread). Elsewhere it is handed to XNNPACK in
 * one of two forms:
 *  - `patches` (stride 1, filter-gradient-patches.ts): one matrix product of the shifted input
 *    planes with dy. The faster of the two wherever it applies.
 *  - `dyAsFilter` (every stride): one forward convolution, x transposed to [ci, H, W, n] (the
 *    batch becomes the channel being reduced) convolved with dy transposed to [oh, ow, n, co],
 *    dilated by the stride; the output is [ci, kh, kw, co]. XNNPACK packs this huge filter on
 *    every call and walks its taps 32 channels at a time, which is why `patches` beats it.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { directFilterGradient, isDirectApplicable } from './filter-gradient-direct.js';
import { patchesTimesDy, patchPadding } from './filter-gradient-patches.js';
import { input, requireNhwc, type TensorInfo, type WasmKernels } from './wasm-backend.js';

type Conv2DInfo = tfjs.backend_util.Conv2DInfo;
/** `directCallingThread`: the direct method, both halves on the calling thread (tests). */
export type FilterGradientMethod = 'direct' | 'directCallingThread' | 'dyAsFilter' | 'patches';

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
  if ((method === undefined || method.startsWith('direct')) && isDirectApplicable(info)) {
    const gradient = directFilterGradient(wasm, x, dy, info, method !== 'directCallingThread');
    if (gradient !== null) return gradient;
  }
  const gridPadding = patchPadding(info);
  const chosen = method ?? (gridPadding !== null ? 'patches' : 'dyAsFilter');
  if (chosen === 'patches' && gridPadding !== null) {
    return patchesTimesDy(wasm, x, dy, info, gridPadding);
  }
  return dyAsFilter(wasm, x, dy, info);
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
