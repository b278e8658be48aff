/**
 * Starts tfjs-backend-wasm with its threaded SIMD binary in Node, so that XNNPACK's convolutions
 * and matmuls run on several cores.
 *
 * tfjs 4.22 declares wasm threads unsupported in Node (tensorflow/tfjs#3830), yet the package
 * ships the threaded binary and an emscripten glue that runs its pthreads on worker_threads.
 * Three things stop it; each is worked around only while the backend starts:
 *  - the glue hands `new Worker` its pthread script as a blob: URL, which Node refuses: the global
 *    `Worker` becomes a worker_threads subclass that evaluates that script's source instead;
 *  - each pthread is then told to load the glue from a Blob, which it cannot read in Node: the
 *    subclass rewrites that message, and the thread evaluates the glue source it was given;
 *  - the C side caps the pool at half of `emscripten_num_logical_cores()` (it assumes two hardware
 *    threads per core), which is `os.cpus().length` in Node: os.cpus reports twice the wanted count.
 * Before that, one probe thread evaluates the same scripts, so that a thread that cannot start
 * fails here (and the caller starts the single-threaded backend) rather than inside the glue,
 * whose error handler would end the process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker as NodeWorker, type TransferListItem } from 'node:worker_threads';

import type { Tf } from './wasm-backend.js';

/** The emscripten pool holds this many threads (its PTHREAD_POOL_SIZE); the C side caps at it. */
export const maxWasmThreads = 8;

const probeTimeoutMs = 10_000;

export interface ThreadScripts {
  /** The pthread entry script, with the glue's `importScripts` pointed at `workerData.glue`. */
  readonly entry: string;
  /** The threaded glue, which defines `WasmBackendModuleThreadedSimd`. */
  readonly glue: string;
}

/** The parts of emscripten's PThread object used here. */
interface PThreads {
  readonly unusedWorkers: { terminate(): unknown }[];
}

/**
 * Makes the threaded wasm backend the active one, with `threads` threads in XNNPACK's pool
 * (the calling thread included). Returns null when it runs, or why it cannot; in that case the
 * wasm backend is not started and the caller may start it single-threaded.
 */
export async function startThreadedWasm(tf: Tf, threads: number): Promise<string | null> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const scripts = loadThreadScripts();
  if (typeof scripts === 'string') return scripts;
  const unsupported = await threadSupportProblem(tf);
  if (unsupported !== null) return unsupported;
  const probe = await probeThread(scripts);
  if (probe !== null) return probe;

  const created: NodeWorker[] = [];
  const restore = [
    replaceGlobalWorker(pthreadWorkerClass(scripts, created)),
    reportLogicalCores(2 * threads),
  ];
  let isReady = false;
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(threads);
    isReady = await tf.setBackend('wasm');
  } catch {
    isReady = false;
  } finally {
    for (const undo of restore) undo();
  }
  if (!isReady || tf.getBackend() !== 'wasm') {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setThreadsCount(-1);
    // tfjs keeps no instance of a backend whose start failed: the next setBackend starts afresh.
    await Promise.all(created.map((worker) => worker.terminate()));
    return 'the threaded wasm module failed to start.';
  }
  releaseSpareThreads(tf);
  return null;
}

export function loadThreadScripts(): ThreadScripts | string {
  try {
    const require = createRequire(import.meta.url);
    const folder = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd';
    const { wasmWorkerContents } = require(`${folder}.worker.js`) as {
      wasmWorkerContents: string;
    };
    // tfjs escapes the newlines the same way before making its blob (they sit inside strings).
    const entry = `${wasmWorkerContents.replace(/\n/g, '\\n')}
;globalThis.importScripts = () => (0, eval)(require('node:worker_threads').workerData.glue);`;
    return { entry, glue: readFileSync(require.resolve(`${folder}.js`), 'utf8') };
  } catch (error) {
    return `the threaded wasm scripts cannot be read (${error instanceof Error ? error.message : String(error)}).`;
  }
}

async function threadSupportProblem(tf: Tf): Promise<string | null> {
  if (typeof SharedArrayBuffer !== 'function') return 'SharedArrayBuffer is not available.';
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) return 'wasm SIMD is not supported.';
  // wasm-feature-detect's threads probe (a module with a shared memory and an atomic load).
  const threadsProbe = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0,
    65, 0, 254, 16, 2, 0, 26, 11,
  ]);
  // The app's type libraries leave WebAssembly out; Node has it.
  const { WebAssembly } = globalThis as unknown as {
    WebAssembly: { validate(bytes: Uint8Array): boolean };
  };
  return WebAssembly.validate(threadsProbe) ? null : 'wasm threads are not supported.';
}

/** Starts one thread the way the glue will, and has it compile the glue; null when it could. */
export function probeThread(scripts: ThreadScripts): Promise<string | null> {
  const probe = `${scripts.entry}
;new Function(require('node:worker_threads').workerData.glue);
require('node:worker_threads').parentPort.postMessage({ cmd: 'fovea-probe' });`;
  return new Promise((resolve) => {
    let worker: NodeWorker;
    try {
      worker = new NodeWorker(probe, { eval: true, workerData: { glue: scripts.glue } });
    } catch (error) {
      resolve(`a wasm thread cannot start (${String(error)}).`);
      return;
    }
    let isDone = false;
    const finish = (reason: string | null) => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(reason);
    };
    const timer = setTimeout(() => finish('a wasm thread did not start in time.'), probeTimeoutMs);
    worker.once('message', () => finish(null));
    worker.once('error', (error) => finish(`a wasm thread failed to start (${error.message}).`));
    worker.once('exit', () => finish('a wasm thread exited while starting.'));
  });
}

function pthreadWorkerClass(scripts: ThreadScripts, created: NodeWorker[]) {
  return class PthreadWorker extends NodeWorker {
    constructor(url: unknown) {
      super(scripts.entry, { eval: true, workerData: { glue: scripts.glue } });
      if (typeof url === 'string' && url.startsWith('blob:')) URL.revokeObjectURL(url);
      created.push(this);
    }

    override postMessage(message: unknown, transferList?: readonly TransferListItem[]): void {
      const isLoad =
        typeof message === 'object' &&
        message !== null &&
        (message as { cmd?: unknown }).cmd === 'load';
      // The glue is in workerData; the entry script's importScripts ignores the name.
      super.postMessage(isLoad ? { ...message, urlOrBlob: 'fovea:glue' } : message, transferList);
    }
  };
}

/** The glue assigns `Worker` when it starts; this keeps ours in place until `undo`. */
function replaceGlobalWorker(worker: unknown): () => void {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => worker,
    set: () => undefined,
  });
  return () => {
    if (original === undefined) Reflect.deleteProperty(globalThis, 'Worker');
    else Object.defineProperty(globalThis, 'Worker', original);
  };
}

function reportLogicalCores(count: number): () => void {
  const cpus = os.cpus;
  const [first] = cpus();
  const sample = first ?? {
    model: '',
    speed: 0,
    times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 },
  };
  os.cpus = () => Array.from({ length: count }, () => sample);
  return () => {
    os.cpus = cpus;
  };
}

/**
 * The glue starts a pool of 8 threads whatever the count; those XNNPACK does not use would only
 * hold memory (a V8 isolate each).
 */
function releaseSpareThreads(tf: Tf): void {
  const module = (tf.backend() as unknown as { wasm?: { PThread?: PThreads } }).wasm;
  const spare = module?.PThread?.unusedWorkers.splice(0) ?? [];
  for (const worker of spare) void worker.terminate();
}
