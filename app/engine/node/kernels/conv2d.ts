/**
 * Conv2D and FusedConv2D for the wasm backend: Fovea's direct SIMD convolution (forward-conv.ts)
 * where it applies and is faster than XNNPACK, the shipped XNNPACK kernels everywhere else:
 * dilation > 1, activations other than linear and ReLU, a PReLU weight, a bias that is not one
 * value per output channel, output channels not in fours, NCHW, 1×1 filters (XNNPACK's GEMM) and
 * short filter rows.
 *
 * With relaxed SIMD's fused multiply-add (wasm-assembler.ts: Node 20 behind a flag that
 * registerWasmKernels' caller sets, Node 22 and Electron by default) the direct method is faster
 * on both modules, for every REF-CNN layer. Measured in one process, batches of the two methods
 * alternating (REF-CNN, batch 32, two threads, median of 60): an inference batch 1.10× and 1.28×
 * as fast, a training step 1.08× and 1.09×; per layer in the model 5.6 against 6.5 ms (16→32),
 * 5.9 against 6.1 (32→64). Without it (mul + add) the direct method only wins on one thread
 * (10.8 against 13.8 ms, 11.3 against 12.9) and on filter rows of 16 taps or more, so the
 * threaded module keeps XNNPACK there.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { forwardConvolution, isForwardApplicable } from './forward-conv.js';
import { hasMultiplyAdd } from './wasm-assembler.js';
import { input, type TensorInfo, type WasmKernels } from './wasm-backend.js';

type Conv2DInfo = tfjs.backend_util.Conv2DInfo;

export function conv2d(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  return ownConvolution(wasm, inputs, attrs, null, false) ?? wasm.run('Conv2D', inputs, attrs);
}

export function fusedConv2d(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
): TensorInfo {
  const { activation } = attrs as unknown as tfjs.FusedConv2DAttrs;
  const bias = inputs.bias ?? null;
  const isOwn =
    (activation === 'linear' || activation === 'relu' || activation === undefined) &&
    inputs.preluActivationWeights === undefined;
  const y = isOwn ? ownConvolution(wasm, inputs, attrs, bias, activation === 'relu') : null;
  return y ?? wasm.run('FusedConv2D', inputs, attrs);
}

/**
 * The convolution by Fovea's method, or null where it does not apply. `isThreaded` false keeps
 * it on the calling thread (tests).
 */
export function ownConvolution(
  wasm: WasmKernels,
  inputs: tfjs.NamedTensorInfoMap,
  attrs: tfjs.NamedAttrMap,
  bias: TensorInfo | null,
  isRelu: boolean,
  isThreaded = true,
): TensorInfo | null {
  const { strides, pad, dilations, dataFormat, dimRoundingMode } =
    attrs as unknown as tfjs.Conv2DAttrs;
  if (dataFormat !== undefined && dataFormat !== 'NHWC') return null;
  const x = input(inputs, 'x');
  const filter = input(inputs, 'filter');
  const info = wasm.tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations ?? 1,
    pad,
    dimRoundingMode,
  );
  const isBiasPerChannel =
    bias === null || (bias.shape.length === 1 && bias.shape[0] === info.outChannels);
  if (!isBiasPerChannel || !isOwnFaster(wasm, info)) return null;
  return forwardConvolution(wasm, x, filter, bias, info, isRelu, isThreaded);
}

/**
 * Taps per filter row below which XNNPACK is faster: the tiles' inner loop runs kw·Ci times per
 * filter row, and a short loop spends as long on its setup and exit as on its sums. With the
 * fused multiply-add an RGB input's 3×3 filter (9 taps) is faster by the direct method; without
 * it, it ties on one thread and loses on two. 1×1 filters are a plain matrix product, XNNPACK's
 * GEMM is faster there.
 */
export const minOwnTaps = { fused: 9, unfused: 16 };

/** Whether Conv2D and FusedConv2D run this convolution by Fovea's method (see above). */
export function isOwnFaster(wasm: WasmKernels, info: Conv2DInfo): boolean {
  const buffer = wasm.memory()?.buffer;
  const isThreadedModule =
    typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
  const isFused = hasMultiplyAdd();
  return (
    (isFused || !isThreadedModule) &&
    isForwardApplicable(info) &&
    info.filterHeight * info.filterWidth > 1 &&
    info.filterWidth * info.inChannels >= (isFused ? minOwnTaps.fused : minOwnTaps.unfused)
  );
}
