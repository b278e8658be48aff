/**
 * A second thread for Fovea's SIMD tiles: the direct filter gradient (filter-gradient-direct.ts)
 * and the forward convolution (forward-conv.ts). In the threaded wasm module the heap is a
 * SharedArrayBuffer, so a worker_thread can instantiate the same tile functions on the same
 * memory and run part of the work while the calling thread runs the rest.
 *
 * The calling thread writes the worker's tile calls into a small shared control block, bumps
 * `requested` and notifies; the worker, blocked in Atomics.wait, runs them and stores the same
 * number in `finished`; the calling thread waits for that (kernels are synchronous). The worker
 * starts lazily on the first use, is used only once it reports ready (until then the calling
 * thread does all the work), is unref'd so that it never keeps the process alive, and is ended
 * when the backend's memory is collected.
 */
import { Worker } from 'node:worker_threads';

import { FoveaError } from '../../../base/common/errors.js';
import { convTileModules } from './simd-conv-tile.js';
import { maxTileRows, maxTileVectors, tileModules } from './simd-filter-tile.js';
import type { WasmMemory } from './wasm-backend.js';

// Control block: six int32 flags, then the tile calls. chunkCalls 0: the worker runs every call;
// n > 0: the calls come in chunks of n, which the worker and the calling thread take in turn by
// incrementing nextChunk until none is left.
const [requested, finished, callCount, state, chunkCalls, nextChunk] = [0, 1, 2, 3, 4, 5];
// state: 0 while the worker starts, then ready or failed.
const [ready, failed] = [1, 2];
const header = 6;
/**
 * The worker's functions, by the index a record starts with: the filter-gradient tiles (by
 * tileIndex), then the forward convolution's (by convTileOffset + convTileIndex). Each record
 * holds 14 parameters; a function with fewer ignores the rest.
 */
export const convTileOffset = maxTileRows * maxTileVectors;
/** Tile calls per job; filter-gradient-direct.ts groups images so that a job fits. */
export const maxThreadCalls = 2048;
/** Far longer than any kernel: a worker that never answers is a bug, not a slow machine. */
const finishTimeoutMs = 120_000;

/** The worker: instantiates the tiles on the shared memory, then runs calls as they come. */
const workerSource = `
const { workerData } = require('node:worker_threads');
const { memory, control, modules, recordLength } = workerData;
const flags = new Int32Array(control);
let tiles;
try {
  tiles = modules.map(({ name, bytes }) =>
    new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports[name]);
  Atomics.store(flags, ${state}, ${ready});
} catch {
  Atomics.store(flags, ${state}, ${failed});
}
let seen = 0;
while (Atomics.load(flags, ${state}) === ${ready}) {
  Atomics.wait(flags, ${requested}, seen);
  seen = Atomics.load(flags, ${requested});
  try {
    const count = flags[${callCount}];
    const chunk = flags[${chunkCalls}];
    const run = (first, end) => {
      for (let call = first; call < end; call++) {
        const at = ${header} + call * recordLength;
        const f = flags;
        tiles[f[at]](f[at + 1], f[at + 2], f[at + 3], f[at + 4], f[at + 5], f[at + 6], f[at + 7],
          f[at + 8], f[at + 9], f[at + 10], f[at + 11], f[at + 12], f[at + 13], f[at + 14]);
      }
    };
    if (chunk === 0) run(0, count);
    for (let first; chunk > 0 && (first = Atomics.add(flags, ${nextChunk}, 1) * chunk) < count;)
      run(first, Math.min(count, first + chunk));
  } catch {
    Atomics.store(flags, ${state}, ${failed});
  }
  Atomics.store(flags, ${finished}, seen);
  Atomics.notify(flags, ${finished});
}
`;

export class TileThread {
  private readonly flags: Int32Array;
  private readonly worker: Worker;
  private pending = 0;
  private handed = 0;
  private readonly capacity: number;
  private chunks = 0;

  constructor(memory: WasmMemory, recordLength: number) {
    this.capacity = maxThreadCalls * recordLength;
    const control = new SharedArrayBuffer(4 * (header + this.capacity));
    this.flags = new Int32Array(control);
    this.worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        memory,
        control,
        modules: [...tileModules(), ...convTileModules()],
        recordLength,
      },
    });
    this.worker.unref();
    // A worker that fails to start only leaves the work on the calling thread.
    this.worker.on('error', () => Atomics.store(this.flags, state, failed));
  }

  /** How many jobs the worker has been handed (tests check that it takes part). */
  get handedJobs(): number {
    return this.handed;
  }

  isReady(): boolean {
    return Atomics.load(this.flags, state) === ready && this.pending === 0;
  }

  /** Hands the worker these tile calls; false (nothing handed) if they do not fit. */
  start(calls: Int32Array, recordLength: number): boolean {
    return this.hand(calls, recordLength, 0);
  }

  /**
   * Shares these tile calls, in chunks of `chunk` calls, between the worker and the calling
   * thread, which takes its chunks with `claim` until it returns −1, then waits with `finish`.
   * False (nothing shared) if they do not fit or the worker is not ready.
   */
  share(calls: Int32Array, recordLength: number, chunk: number): boolean {
    this.chunks = Math.ceil(calls.length / recordLength / chunk);
    return this.hand(calls, recordLength, chunk);
  }

  /** The next chunk of the shared calls for the calling thread, or −1 when none is left. */
  claim(): number {
    const next = Atomics.add(this.flags, nextChunk, 1);
    return next < this.chunks ? next : -1;
  }

  private hand(calls: Int32Array, recordLength: number, chunk: number): boolean {
    if (calls.length > this.capacity || !this.isReady()) return false;
    this.flags.set(calls, header);
    this.flags[callCount] = calls.length / recordLength;
    this.flags[chunkCalls] = chunk;
    this.flags[nextChunk] = 0;
    this.pending = (this.flags[requested] ?? 0) + 1;
    Atomics.store(this.flags, requested, this.pending);
    Atomics.notify(this.flags, requested);
    this.handed++;
    return true;
  }

  /**
   * Waits until the worker has run the calls handed by `start`; false if it failed (then its
   * partial result is incomplete and the caller computes it again).
   */
  finish(): boolean {
    if (this.pending === 0) return true;
    const started = Date.now();
    while (Atomics.load(this.flags, finished) !== this.pending) {
      if (Date.now() - started > finishTimeoutMs)
        throw new FoveaError('internal', 'The tile thread stopped answering.');
      Atomics.wait(this.flags, finished, this.flags[finished] ?? 0, 1000);
    }
    this.pending = 0;
    return Atomics.load(this.flags, state) !== failed;
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

const threads = new WeakMap<WasmMemory, TileThread | null>();
const ending = new FinalizationRegistry<TileThread>((thread) => thread.terminate());

/** The memory's thread (started on the first call), or null where the memory is not shared. */
export function tileThreadFor(memory: WasmMemory, recordLength: number): TileThread | null {
  if (!threads.has(memory)) {
    const isShared =
      typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    let thread: TileThread | null = null;
    try {
      thread = isShared ? new TileThread(memory, recordLength) : null;
    } catch {
      thread = null;
    }
    threads.set(memory, thread);
    if (thread !== null) ending.register(memory, thread);
  }
  return threads.get(memory) ?? null;
}
