/**
 * Identity for the wasm backend without a copy. tfjs clones every tensor a gradient will need
 * (`saveTensorsForBackwardMode`), and the shipped kernel copies the data each time: a few
 * milliseconds per training step on REF-CNN's activations. Tensors are immutable, so the clone
 * can share the data and count one more reference, as the cpu backend and wasm's Reshape do.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { input, type TensorInfo, type WasmKernels } from './wasm-backend.js';

export function identity(wasm: WasmKernels, inputs: tfjs.NamedTensorInfoMap): TensorInfo {
  const x = input(inputs, 'x');
  if (x.dtype === 'string') return wasm.run('Identity', inputs);
  wasm.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}
