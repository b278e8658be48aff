/**
 * The direct convolution and filter gradient without relaxed SIMD's fused multiply-add
 * (f32x4.mul then f32x4.add), as an engine without relaxed SIMD runs them: the single-threaded
 * module with Fovea's kernels registered but enableMultiplyAdd never called. Where the engine
 * compiles relaxed SIMD by default (Node 22 and later) this path does not exist, and the file
 * says so and skips.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

import { registerWasmKernels } from '../../app/engine/node/kernels/index.js';
import { hasMultiplyAdd } from '../../app/engine/node/kernels/wasm-assembler.js';
import { describeDirectFilterGradient } from './wasm-filter-gradient-cases.js';
import { describeForwardConvolution } from './wasm-forward-conv-cases.js';

const isUnfused = !hasMultiplyAdd();
if (!isUnfused) {
  console.warn('kernels-unfused.test.ts: skipped, this engine always has relaxed SIMD.');
}

describe.runIf(isUnfused)('the SIMD tiles without the fused multiply-add', () => {
  beforeAll(async () => {
    tf.enableProdMode();
    await tf.setBackend('wasm');
    registerWasmKernels(tf);
  });

  it('are what the kernels use', () => {
    expect(hasMultiplyAdd()).toBe(false);
  });

  describeDirectFilterGradient(false);
  describeForwardConvolution(false);
});
