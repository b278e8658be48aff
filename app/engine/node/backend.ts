/**
 * Picks and starts the engine's TensorFlow.js backend, best first: `tensorflow` (tfjs-node, native
 * libtensorflow), then `wasm` (tfjs-backend-wasm with Fovea's gradient kernels), then `cpu`.
 * Called once by the engine process, before any model is built.
 */
import { availableParallelism } from 'node:os';
import util from 'node:util';

import * as tf from '@tensorflow/tfjs';

import { FoveaError } from '../../base/common/errors.js';
import type { BackendName, BackendRequest } from '../common/training.js';
import { registerWasmKernels } from './kernels/index.js';
import { enableMultiplyAdd } from './kernels/wasm-assembler.js';
import { maxWasmThreads, startThreadedWasm } from './kernels/wasm-threads.js';

export interface LoadedBackend {
  readonly name: BackendName;
  readonly tf: typeof tf;
  /** Fovea's own kernels registered for this backend (empty unless wasm). */
  readonly kernels: readonly string[];
  /** Backends tried before this one, under `auto`, and why each did not load. */
  readonly skipped: readonly { readonly name: BackendName; readonly reason: string }[];
  /** Threads the wasm backend computes on (XNNPACK's pool); null for the other backends. */
  readonly threads: number | null;
  /** Why wasm runs on fewer threads than were asked for, or null. */
  readonly threadsNote: string | null;
}

export interface BackendOptions {
  /**
   * Threads for the wasm backend, the calling one included: by default every core, up to 8.
   * 1 starts the single-threaded module. Has no effect once wasm has started in this process.
   */
  readonly wasmThreads?: number;
}

const preference: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export async function initBackend(
  requested: BackendRequest,
  options: BackendOptions = {},
): Promise<LoadedBackend> {
  // tfjs' cpu backend prints an "install tfjs-node" banner on first use in Node; Fovea reports
  // the backend it chose and why tfjs-node was skipped. In tfjs 4.22 PROD only gates log/warn.
  tf.enableProdMode();
  const candidates = requested === 'auto' ? preference : [requested];
  const skipped: { name: BackendName; reason: string }[] = [];
  const wantedThreads = Math.max(
    1,
    Math.min(maxWasmThreads, Math.floor(options.wasmThreads ?? availableParallelism())),
  );
  for (const name of candidates) {
    const threadsNote = name === 'wasm' ? await startWasmThreads(wantedThreads) : null;
    const reason = await loadBackend(name);
    if (reason === null) {
      // Before Fovea's kernels make their tiles: they use the fused multiply-add where it compiles.
      if (name === 'wasm') enableMultiplyAdd();
      const kernels = name === 'wasm' ? registerWasmKernels(tf) : [];
      const threads = name === 'wasm' ? await wasmThreadsCount() : null;
      return { name, tf, kernels, skipped, threads, threadsNote };
    }
    if (requested !== 'auto') {
      throw new FoveaError('unsupported', `The ${name} backend cannot run here: ${reason}`);
    }
    skipped.push({ name, reason });
  }
  const reasons = skipped.map((entry) => `${entry.name}: ${entry.reason}`).join('; ');
  throw new FoveaError('unsupported', `No TensorFlow.js backend could start (${reasons}).`);
}

/** Makes `name` the active backend; returns null when it runs, or why it cannot. */
async function loadBackend(name: BackendName): Promise<string | null> {
  try {
    switch (name) {
      case 'tensorflow':
        await importTfjsNode();
        break;
      case 'wasm':
        await import('@tensorflow/tfjs-backend-wasm');
        break;
      case 'cpu':
        break;
    }
    if (tf.findBackendFactory(name) === null) return `no ${name} backend is registered.`;
    const isReady = await tf.setBackend(name);
    return isReady && tf.getBackend() === name ? null : `the ${name} backend failed to initialise.`;
  } catch (error) {
    return error instanceof FoveaError ? error.message : `it failed to load (${describe(error)}).`;
  }
}

/**
 * Starts the threaded wasm module when more than one thread is wanted and wasm has not started
 * yet; returns why it runs single-threaded, or null. `loadBackend` then finds wasm started, or
 * starts the single-threaded module.
 */
async function startWasmThreads(wanted: number): Promise<string | null> {
  if (wanted <= 1) return null;
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    // Not findBackend: it would start the backend.
    if ('wasm' in tf.engine().registry) return null;
    return await startThreadedWasm(tf, wanted);
  } catch (error) {
    return `threads could not start (${describe(error)}).`;
  }
}

async function wasmThreadsCount(): Promise<number> {
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  return Math.max(1, getThreadsCount());
}

const tfjsNode = '@tensorflow/tfjs-node';

async function importTfjsNode(): Promise<void> {
  restoreRemovedUtilFunctions();
  try {
    // A variable specifier: tfjs-node is an optionalDependency and may be absent at build time.
    await import(tfjsNode);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new FoveaError(
        'unsupported',
        'tfjs-node is not installed (it is optional; its install downloads libtensorflow).',
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * tfjs-node 4.22 calls `util.isNullOrUndefined` and `util.isArray`, which Node 23 (and so
 * Electron 40) removed. The fix (tensorflow/tfjs#8425) is merged but not released
 * (tensorflow/tfjs#8609), so put them back before it loads.
 */
function restoreRemovedUtilFunctions(): void {
  const legacy = util as unknown as Record<string, unknown>;
  legacy['isNullOrUndefined'] ??= (value: unknown): boolean =>
    value === null || value === undefined;
  legacy['isArray'] ??= Array.isArray;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
