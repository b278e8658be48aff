/**
 * Fovea's wasm kernels against the cpu backend on the single-threaded wasm module; the tables are
 * in wasm-kernel-cases.ts. Whole-model gradients are in kernels-model.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, expect } from 'vitest';

import { registerWasmKernels } from '../../app/engine/node/kernels/index.js';
import { enableMultiplyAdd } from '../../app/engine/node/kernels/wasm-assembler.js';
import { describeFusedAdam } from './wasm-adam-cases.js';
import { describeDepthwiseKernels } from './wasm-depthwise-cases.js';
import { describeDirectFilterGradient } from './wasm-filter-gradient-cases.js';
import { describeForwardConvolution } from './wasm-forward-conv-cases.js';
import { describeWasmKernels } from './wasm-kernel-cases.js';

beforeAll(async () => {
  // As the engine does (backend.ts): no "install tfjs-node" banner from the cpu backend.
  tf.enableProdMode();
  await tf.setBackend('wasm');
  // As initBackend does: the tiles use relaxed SIMD's fused multiply-add (kernels-unfused.test.ts
  // runs them without it).
  expect(enableMultiplyAdd()).toBe(true);
  registerWasmKernels(tf);
});

describeWasmKernels();
describeDepthwiseKernels();
describeDirectFilterGradient(false);
describeFusedAdam();
describeForwardConvolution(false);
