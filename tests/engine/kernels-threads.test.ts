/**
 * The kernel tables of wasm-kernel-cases.ts on the threaded wasm module (two threads, whatever the
 * machine): XNNPACK splits its work between threads there, and the heap is shared memory.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';

import { initBackend } from '../../app/engine/node/backend.js';
import { describeFusedAdam } from './wasm-adam-cases.js';
import { describeDepthwiseKernels } from './wasm-depthwise-cases.js';
import { describeDirectFilterGradient } from './wasm-filter-gradient-cases.js';
import { describeForwardConvolution } from './wasm-forward-conv-cases.js';
import { describeWasmKernels } from './wasm-kernel-cases.js';

// initBackend registers Fovea's kernels on the backend it starts.
beforeAll(async () => {
  const backend = await initBackend('wasm', { wasmThreads: 2 });
  expect(backend.threads).toBe(2);
});

describeWasmKernels();
describeDepthwiseKernels();
describeDirectFilterGradient(true);
describeForwardConvolution(true);

it('runs on the threaded module', () => {
  const module = (tf.backend() as unknown as { wasm: { HEAPF32: Float32Array } }).wasm;
  expect(module.HEAPF32.buffer).toBeInstanceOf(SharedArrayBuffer);
});

describeFusedAdam();
