/**
 * The small part of tfjs-backend-wasm's internals that Fovea's kernels rely on: its tensor table
 * (each tensor is a float32 block on the wasm heap) and the kernel functions it registered.
 * Kernels built on this call the backend's own kernels (XNNPACK convolutions and matmuls)
 * without going through the engine, so intermediate results never become tracked tensors.
 */
import type * as tfjs from '@tensorflow/tfjs';

import { FoveaError } from '../../../base/common/errors.js';

export type Tf = typeof tfjs;
export type TensorInfo = tfjs.TensorInfo;
type KernelFunc = tfjs.KernelFunc;
type Inputs = tfjs.NamedTensorInfoMap;
type Attrs = tfjs.NamedAttrMap;

/** A WebAssembly.Memory: the app's type libraries leave WebAssembly out; Node has it. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/** The parts of the WebAssembly API that Fovea's own modules use. */
interface WebAssemblyApi {
  readonly Memory: abstract new (...args: never[]) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => object;
  validate(bytes: Uint8Array): boolean;
  readonly Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
}

export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

interface WasmTensorData {
  readonly id: number;
  readonly memoryOffset: number;
}

/** The members of tfjs-backend-wasm's BackendWasm that Fovea uses. */
export interface WasmBackend {
  readonly wasm: {
    readonly HEAPF32: Float32Array;
    /** Present in the threaded module, whose heap views go stale when another thread grows it. */
    readonly wasmMemory?: { readonly buffer: ArrayBufferLike };
    /** The module's exports; the single-threaded module's memory is among them. */
    readonly asm?: { readonly memory?: unknown };
  };
  readonly dataIdMap: { get(dataId: tfjs.DataId): WasmTensorData | undefined };
  makeOutput(shape: number[], dtype: tfjs.DataType): TensorInfo;
  disposeData(dataId: tfjs.DataId, force?: boolean): boolean;
  incRef(dataId: tfjs.DataId): void;
}

/** A kernel of Fovea's, written against the wasm backend and the kernels it ships. */
export type WasmKernel = (
  wasm: WasmKernels,
  inputs: Inputs,
  attrs: Attrs,
) => TensorInfo | TensorInfo[];

/**
 * Runs the wasm backend's kernels by name. `shipped` holds the kernels as tfjs-backend-wasm
 * registered them, so a Fovea kernel that replaces one can still delegate to it.
 */
export class WasmKernels {
  constructor(
    readonly tf: Tf,
    readonly backend: WasmBackend,
    private readonly shipped: ReadonlyMap<string, KernelFunc>,
  ) {}

  run(kernelName: string, inputs: Inputs, attrs: Attrs = {}): TensorInfo {
    const kernel =
      this.shipped.get(kernelName) ?? this.tf.getKernel(kernelName, 'wasm')?.kernelFunc;
    if (kernel === undefined)
      throw new FoveaError('internal', `The wasm backend has no ${kernelName} kernel.`);
    const result = kernel({ inputs, backend: this.backend, attrs });
    if (Array.isArray(result))
      throw new FoveaError('internal', `${kernelName} returned several tensors.`);
    return result;
  }

  /** Frees intermediate results made by `run` or `output`. */
  dispose(...infos: TensorInfo[]): void {
    for (const info of infos) this.backend.disposeData(info.dataId);
  }

  /** Allocates a float32 tensor on the wasm heap (not zeroed). */
  output(shape: number[]): TensorInfo {
    return this.backend.makeOutput(shape, 'float32');
  }

  /**
   * The tensor's values as a view on the wasm heap. The heap's buffer is replaced when it grows,
   * so take views only after the last allocation of a kernel.
   */
  view(info: TensorInfo): Float32Array {
    const size = info.shape.reduce((a, b) => a * b, 1);
    return new Float32Array(this.buffer(), this.offset(info) * 4, size);
  }

  /** The whole wasm heap as float32, for copies between tensors; same caveat as `view`. */
  heap(): Float32Array {
    return new Float32Array(this.buffer());
  }

  /** Where the tensor's values start in `heap()`, in float32 elements. */
  offset(info: TensorInfo): number {
    const data = this.backend.dataIdMap.get(info.dataId);
    if (data === undefined)
      throw new FoveaError('internal', 'The tensor is not on the wasm backend.');
    return data.memoryOffset / 4;
  }

  /** The backend's WebAssembly memory, for modules of Fovea's that share it; null if hidden. */
  memory(): WasmMemory | null {
    const { wasmMemory, asm } = this.backend.wasm;
    const memory = wasmMemory ?? asm?.memory;
    return memory instanceof webAssembly.Memory ? memory : null;
  }

  private buffer(): ArrayBufferLike {
    const { HEAPF32, wasmMemory } = this.backend.wasm;
    return wasmMemory?.buffer ?? HEAPF32.buffer;
  }
}

/** Same data, another shape: no copy, and nothing to dispose. */
export function reshaped(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

export function requireNhwc(kernelName: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new FoveaError(
      'unsupported',
      `Fovea's wasm ${kernelName} supports NHWC only, not ${JSON.stringify(dataFormat)}.`,
    );
  }
}

export function input(inputs: Inputs, name: string): TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new FoveaError('internal', `Missing input ${name}.`);
  return info;
}
