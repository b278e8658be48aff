/**
 * How an import uses the machine's threads. sharp runs each call on a thread of libuv's pool,
 * which holds it until libvips is done, while the work itself runs on libvips' own threads. The
 * pool has UV_THREADPOOL_SIZE threads (default 4), fixed before any code of Fovea's runs (Node's
 * module loader already reads files through it), so Fovea works with the size it is given.
 *
 * Measured on 2 cores with 500×375 JPEGs, against Pillow in the same rounds (median of 12 paired
 * rounds): four images in flight, 0.95×; six, 1.02×; eight, with the blob fsyncs on their own
 * thread (library/node/fsync-thread.ts), 1.08×. Each image hands work between threads dozens of
 * times (libvips wakes the waiting pool thread after every strip of 16 rows), and with few images
 * in flight a core sat idle through those hand-offs; more in flight keep a queue for every thread.
 */

/** libuv's default pool size. */
export const defaultThreadPoolSize = 4;
/** libuv's own ceiling. */
const maxThreadPoolSize = 1024;
/** In flight at most: each holds its file's bytes, and many cores need no more. */
const maxInFlight = 16;

/** Images an import keeps in flight: four per core, at least four, at most sixteen. */
export function importConcurrency(cores: number): number {
  return Math.min(Math.max(4, Math.floor(cores) * 4), maxInFlight);
}

/** The size libuv read from `env` at start (it ignores values it cannot parse, as this does). */
export function threadPoolSize(env: NodeJS.ProcessEnv): number {
  const size = Number.parseInt(env['UV_THREADPOOL_SIZE'] ?? '', 10);
  if (!Number.isFinite(size) || size <= 0) return defaultThreadPoolSize;
  return Math.min(size, maxThreadPoolSize);
}

/**
 * libvips threads for each sharp call. One per call while the pool runs as many calls at once as
 * there are cores (small photos leave a call's extra threads idle); on a machine with more cores
 * than pool threads, as many more as it takes for the calls at once to use every core.
 */
export function sharpThreadsPerCall(cores: number, poolSize: number): number {
  return Math.max(1, Math.ceil(Math.floor(cores) / Math.max(1, poolSize)));
}
