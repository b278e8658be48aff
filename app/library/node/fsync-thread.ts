/**
 * fsyncs on a thread of their own. An fsync holds the thread that calls it while the disk works;
 * on libuv's pool (4 threads by default) that thread is one that sharp's decodes need, so an
 * import that synced its last batch there while decoding the next one decoded with half the pool.
 * A worker thread waits instead. It starts on first use, keeps the process alive only while it
 * has files to sync, and ends with `close`.
 */
import { Worker } from 'node:worker_threads';

const workerSource = `
const { parentPort } = require('node:worker_threads');
const { closeSync, fsyncSync, openSync } = require('node:fs');
parentPort.on('message', ({ id, paths }) => {
  try {
    for (const path of paths) {
      const descriptor = openSync(path, 'r');
      try {
        fsyncSync(descriptor);
      } finally {
        closeSync(descriptor);
      }
    }
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error.message), code: error.code } });
  }
});
`;

interface Reply {
  readonly id: number;
  readonly error?: { readonly message: string; readonly code?: string };
}

interface Waiting {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class FsyncThread {
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #waiting = new Map<number, Waiting>();

  /** Flushes these files to the disk, one after another; rejects with the file system's error. */
  sync(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return Promise.resolve();
    const worker = this.#start();
    const id = this.#nextId++;
    const done = new Promise<void>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    worker.ref();
    worker.postMessage({ id, paths });
    return done;
  }

  /** Ends the thread; syncs still waiting reject. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failAll(new Error('The library was closed while its files were being synced.'));
    await worker?.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(workerSource, { eval: true });
    worker.on('message', (reply: Reply) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (this.#waiting.size === 0) worker.unref();
      if (reply.error === undefined) waiting?.resolve();
      else waiting?.reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    // Only the current thread's end fails the syncs waiting: a thread that `close` replaced has
    // already failed its own, and those waiting now belong to its successor.
    const end = (error: Error): void => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#failAll(error);
    };
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`The fsync thread stopped (exit code ${code}).`)));
    this.#worker = worker;
    return worker;
  }

  #failAll(error: Error): void {
    for (const { reject } of this.#waiting.values()) reject(error);
    this.#waiting.clear();
  }
}
