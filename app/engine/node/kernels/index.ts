/**
 * Fovea's kernels for tfjs-backend-wasm 4.22, which cannot train a CNN as shipped (it has no
 * Conv2DBackpropFilter, nor the depthwise gradients MobileNet's blocks need) and runs several
 * gradient kernels as scalar loops. Each kernel here is checked against the cpu backend in
 * tests/engine/kernels*.test.ts.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { batchMatMul, fusedMatMul } from './batch-mat-mul.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2d, fusedConv2d } from './conv2d.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { installFusedAdam } from './fused-adam.js';
import { installFusedConvTraining } from './fused-conv-training.js';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise-backprop.js';
import { identity } from './identity.js';
import { maxPoolGrad } from './max-pool-grad.js';
import { adam, adamKernelName } from './simd-adam.js';
import { reluGrad, reluGradKernelName } from './simd-relu-grad.js';
import { sum } from './sum.js';
import { WasmKernels, type Tf, type WasmBackend, type WasmKernel } from './wasm-backend.js';

export const foveaWasmKernels: Readonly<Record<string, WasmKernel>> = {
  Conv2D: conv2d,
  FusedConv2D: fusedConv2d,
  Conv2DBackpropFilter: conv2dBackpropFilter,
  Conv2DBackpropInput: conv2dBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  MaxPoolGrad: maxPoolGrad,
  BatchMatMul: batchMatMul,
  _FusedMatMul: fusedMatMul,
  Sum: sum,
  Identity: identity,
  [reluGradKernelName]: reluGrad,
  [adamKernelName]: adam,
};

/** Kernel functions registered by Fovea, so that registering twice changes nothing. */
const registered = new WeakSet<tfjs.KernelFunc>();

/**
 * Registers Fovea's kernels for the 'wasm' backend, replacing the shipped ones of the same name
 * (which the new kernels may still call), lets training run convolution + bias + ReLU as one
 * kernel (fused-conv-training.ts) and Adam's update as one kernel per variable (fused-adam.ts).
 * Call `enableMultiplyAdd()` (wasm-assembler.ts) before, for the tiles' fused multiply-add
 * where the engine has it behind a flag; the engine does (backend.ts). Call once the wasm backend is initialised (`await tf.setBackend('wasm')`); calling again is
 * harmless. Returns the kernel names.
 */
export function registerWasmKernels(tf: Tf): string[] {
  installFusedConvTraining(tf);
  installFusedAdam(tf);
  const shipped = new Map<string, tfjs.KernelFunc>();
  for (const name of Object.keys(foveaWasmKernels)) {
    const kernel = tf.getKernel(name, 'wasm') as tfjs.KernelConfig | undefined;
    if (kernel === undefined) continue;
    if (registered.has(kernel.kernelFunc)) return Object.keys(foveaWasmKernels);
    shipped.set(name, kernel.kernelFunc);
  }
  for (const [name, kernel] of Object.entries(foveaWasmKernels)) {
    const kernelFunc: tfjs.KernelFunc = ({ inputs, backend: current, attrs }) =>
      kernel(new WasmKernels(tf, current as WasmBackend, shipped), inputs, attrs ?? {});
    registered.add(kernelFunc);
    if (shipped.has(name)) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc });
  }
  return Object.keys(foveaWasmKernels);
}
