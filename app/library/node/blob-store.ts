import { randomBytes } from 'node:crypto';
import { closeSync, fsync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FsyncThread } from './fsync-thread.js';

const fsyncAsync = promisify(fsync);

/**
 * Blobs up to this size are written with synchronous calls: a photo of tens of kilobytes lands in
 * the page cache in ~0.15 ms, where the four asynchronous round trips of writeFile + rename cost
 * ~1 ms of CPU per image (measured on the import bench, 55 KB JPEGs). Larger blobs, whose write
 * could hold the event loop for longer, still go through libuv's threads.
 */
const syncWriteBytes = 1024 * 1024;

/**
 * Originals copied into the library, named by SHA-256 (`blobs/ab/abcdef…`), so a dataset survives
 * its source folder moving and the same photo in two datasets is stored once. Writes go to a
 * temporary name and are renamed into place, so a blob is either whole or absent. `put` leaves
 * the bytes to the OS (a killed process loses nothing the kernel holds); `sync` makes a batch
 * durable before the rows that name it commit — one fsync per file as it was written cost three
 * times the write itself, while a batch's fsyncs, run while the next batch decodes
 * (`syncInBackground`), cost little.
 */
export class BlobStore {
  readonly #root: string;
  readonly #shards = new Set<string>();
  readonly #fsyncThread = new FsyncThread();

  constructor(root: string) {
    this.#root = root;
  }

  path(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`Not a SHA-256 hash: ${hash}`);
    return join(this.#root, hash.slice(0, 2), hash);
  }

  async has(hash: string): Promise<boolean> {
    return (await stat(this.path(hash)).catch(() => undefined))?.isFile() ?? false;
  }

  /**
   * Writes a blob. One already stored (the same photo in another dataset) is written again rather
   * than asked for first: the rename swaps identical bytes, and the check cost a file-system
   * round trip for every new image, the common case. Shard folders known to exist are not made
   * again, for the same reason.
   */
  async put(hash: string, bytes: Uint8Array): Promise<void> {
    const shard = hash.slice(0, 2);
    try {
      await this.#write(hash, bytes, !this.#shards.has(shard));
    } catch (error) {
      // The folder went away behind our back (removed by hand): make it again, once.
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      await this.#write(hash, bytes, true);
    }
    this.#shards.add(shard);
  }

  async #write(hash: string, bytes: Uint8Array, makeFolder: boolean): Promise<void> {
    const target = this.path(hash);
    const dir = join(this.#root, hash.slice(0, 2));
    const isSmall = bytes.byteLength <= syncWriteBytes;
    if (makeFolder) {
      // A fresh library makes most of its 256 shard folders during the first few hundred images.
      if (isSmall) mkdirSync(dir, { recursive: true });
      else await mkdir(dir, { recursive: true });
    }
    const temporary = join(dir, `.${hash}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      if (isSmall) {
        writeFileSync(temporary, bytes);
        renameSync(temporary, target);
      } else {
        await writeFile(temporary, bytes);
        await rename(temporary, target);
      }
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /**
   * Flushes these blobs to the disk, so a power cut cannot leave them partial, all at once on
   * libuv's pool (which costs little more than one): for when nothing else is waiting for it.
   */
  async sync(hashes: readonly string[]): Promise<void> {
    await Promise.all(
      hashes.map(async (hash) => {
        // Opening and closing are quick metadata calls; only the fsync waits for the disk.
        const descriptor = openSync(this.path(hash), 'r');
        try {
          await fsyncAsync(descriptor);
        } finally {
          closeSync(descriptor);
        }
      }),
    );
  }

  /** As `sync`, one file after another on a thread of their own, leaving libuv's pool to sharp. */
  syncInBackground(hashes: readonly string[]): Promise<void> {
    return this.#fsyncThread.sync(hashes.map((hash) => this.path(hash)));
  }

  /** Ends the background sync thread (the store's owner calls it as it closes the library). */
  close(): Promise<void> {
    return this.#fsyncThread.close();
  }

  /**
   * Makes the blob folder and its 256 shard folders if the folder is new (a new library), so that
   * the first import does not make a folder for most of its first few hundred photos (~0.25 ms of
   * the event loop each, measured). A library made before this keeps making its shards on demand.
   */
  async prepare(): Promise<void> {
    if ((await stat(this.#root).catch(() => undefined)) !== undefined) return;
    await mkdir(this.#root, { recursive: true });
    const shards = Array.from({ length: 256 }, (_, index) => index.toString(16).padStart(2, '0'));
    await Promise.all(shards.map((shard) => mkdir(join(this.#root, shard), { recursive: true })));
    for (const shard of shards) this.#shards.add(shard);
  }

  /** Removes temporary files a killed import left; only the library's owner calls it, at open. */
  async removeTemporary(): Promise<number> {
    return this.collect(() => true);
  }

  /** Removes blobs no image refers to, and temporary files left by a killed import. */
  async collect(isReferenced: (hash: string) => boolean): Promise<number> {
    let removed = 0;
    const shards = await readdir(this.#root).catch(() => [] as string[]);
    for (const shard of shards) {
      const dir = join(this.#root, shard);
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (name.endsWith('.tmp') || !isReferenced(name)) {
          await rm(join(dir, name), { force: true });
          removed += 1;
        }
      }
    }
    return removed;
  }
}
