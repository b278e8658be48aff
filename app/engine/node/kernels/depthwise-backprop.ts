/**
 * The depthwise convolution's gradients for the wasm backend, which tfjs-backend-wasm 4.22 lacks
 * (so no MobileNet block could train on it). With multiplier M, output channel c·M + m reads input
 * channel c through filter W[kh, kw, c, m]:
 *
 *   dx[n, ih, iw, c]    = Σ_{oh, ow, kh, kw, m} dy[n, oh, ow, c·M + m] · W[kh, kw, c, m]
 *   dW[kh, kw, c, m]    = Σ_{n, oh, ow} x[n, ih, iw, c] · dy[n, oh, ow, c·M + m]
 *   where ih = oh·sh + kh − padTop, iw = ow·sw + kw − padLeft (taps outside x add nothing).
 *
 * Both are plain loops over the wasm heap with the channels innermost (NHWC keeps them
 * contiguous). A depthwise layer does 9 multiply-adds per output value, a few percent of a
 * MobileNet block's work next to its 1×1 convolutions, so loops are enough here; the filter's
 * sums run in float64 because each adds up every position of the batch.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { FoveaError } from '../../../base/common/errors.js';
import { input, requireNhwc, type TensorInfo, type WasmKernels } from './wasm-backend.js';

type Conv2DInfo = tfjs.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];

interface DepthwiseAttrs {
  readonly strides: [number, number] | number;
  readonly dilations: [number, number] | number;
  readonly pad: tfjs.backend_util.ExplicitPadding | 'valid' | 'same' | number;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly dataFormat?: string;
}

/** The shared geometry, as tfjs computes it for the forward depthwise convolution. */
function depthwiseInfo(
  wasm: WasmKernels,
  kernelName: string,
  xShape: Shape4,
  filterShape: Shape4,
  attrs: DepthwiseAttrs,
): Conv2DInfo {
  requireNhwc(kernelName, attrs.dataFormat);
  // tfjs' own depthwise gradient refuses dilation, and its cpu kernels, the reference these are
  // tested against, do not apply it.
  const dilations = attrs.dilations ?? 1;
  if (!(dilations === 1 || (Array.isArray(dilations) && dilations.every((d) => d === 1))))
    throw new FoveaError(
      'unsupported',
      `Fovea's wasm ${kernelName} supports dilation 1 only, not ${JSON.stringify(dilations)}.`,
    );
  return wasm.tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
}

function requireShape(
  kernelName: string,
  what: string,
  actual: readonly number[],
  expected: Shape4,
) {
  if (actual.length !== 4 || actual.some((size, axis) => size !== expected[axis]))
    throw new FoveaError(
      'invalid_argument',
      `${kernelName}: ${what} has shape [${actual.join(', ')}], expected [${expected.join(', ')}].`,
    );
}

export function depthwiseBackpropInput(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  const name = 'DepthwiseConv2dNativeBackpropInput';
  const { inputShape } = attrs as unknown as { inputShape: Shape4 };
  const dy = input(inputs, 'dy');
  const filter = input(inputs, 'filter');
  const info = depthwiseInfo(
    wasm,
    name,
    inputShape,
    filter.shape as Shape4,
    attrs as unknown as DepthwiseAttrs,
  );
  requireShape(name, 'dy', dy.shape, info.outShape);
  const dx = wasm.output([...inputShape]);
  const out = wasm.view(dx);
  out.fill(0);
  const gradient = wasm.view(dy);
  const weights = wasm.view(filter);
  const { inChannels, outChannels, filterWidth } = info;
  const multiplier = outChannels / inChannels;
  forEachTap(info, (n, oh, ow, kh, kw, ih, iw) => {
    const from = ((n * info.outHeight + oh) * info.outWidth + ow) * outChannels;
    const to = ((n * info.inHeight + ih) * info.inWidth + iw) * inChannels;
    const tap = (kh * filterWidth + kw) * outChannels;
    if (multiplier === 1) {
      for (let c = 0; c < inChannels; c++) out[to + c]! += gradient[from + c]! * weights[tap + c]!;
      return;
    }
    for (let c = 0; c < inChannels; c++) {
      let sum = 0;
      for (let m = 0; m < multiplier; m++)
        sum += gradient[from + c * multiplier + m]! * weights[tap + c * multiplier + m]!;
      out[to + c]! += sum;
    }
  });
  return dx;
}

export function depthwiseBackpropFilter(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  const name = 'DepthwiseConv2dNativeBackpropFilter';
  const { filterShape } = attrs as unknown as { filterShape: Shape4 };
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  const info = depthwiseInfo(
    wasm,
    name,
    x.shape as Shape4,
    filterShape,
    attrs as unknown as DepthwiseAttrs,
  );
  requireShape(name, 'dy', dy.shape, info.outShape);
  const { inChannels, outChannels, filterWidth } = info;
  const multiplier = outChannels / inChannels;
  const sums = new Float64Array(filterShape.reduce((a, b) => a * b, 1));
  const dw = wasm.output([...filterShape]);
  const values = wasm.view(x);
  const gradient = wasm.view(dy);
  forEachTap(info, (n, oh, ow, kh, kw, ih, iw) => {
    const from = ((n * info.outHeight + oh) * info.outWidth + ow) * outChannels;
    const at = ((n * info.inHeight + ih) * info.inWidth + iw) * inChannels;
    const tap = (kh * filterWidth + kw) * outChannels;
    if (multiplier === 1) {
      for (let c = 0; c < inChannels; c++) sums[tap + c]! += values[at + c]! * gradient[from + c]!;
      return;
    }
    for (let c = 0; c < inChannels; c++) {
      const value = values[at + c]!;
      for (let m = 0; m < multiplier; m++)
        sums[tap + c * multiplier + m]! += value * gradient[from + c * multiplier + m]!;
    }
  });
  wasm.view(dw).set(sums);
  return dw;
}

/** Calls `visit` for each output position and filter tap that falls inside the input. */
function forEachTap(
  info: Conv2DInfo,
  visit: (
    n: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    ih: number,
    iw: number,
  ) => void,
): void {
  const { batchSize, outHeight, outWidth, filterHeight, filterWidth, inHeight, inWidth } = info;
  const { strideHeight, strideWidth, padInfo } = info;
  for (let n = 0; n < batchSize; n++)
    for (let oh = 0; oh < outHeight; oh++)
      for (let kh = 0; kh < filterHeight; kh++) {
        const ih = oh * strideHeight + kh - padInfo.top;
        if (ih < 0 || ih >= inHeight) continue;
        for (let ow = 0; ow < outWidth; ow++)
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw - padInfo.left;
            if (iw >= 0 && iw < inWidth) visit(n, oh, ow, kh, kw, ih, iw);
          }
      }
}
