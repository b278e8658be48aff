import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../app/library/node/blob-store.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fovea-blobs-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const hash = 'ab'.repeat(32);

describe('BlobStore', () => {
  it('stores a blob again without harm, and syncs it', async () => {
    const blobs = new BlobStore(root);
    await blobs.put(hash, Buffer.from('one'));
    await blobs.put(hash, Buffer.from('one'));
    await blobs.sync([hash]);
    expect(await readFile(blobs.path(hash), 'utf8')).toBe('one');
    expect(await blobs.removeTemporary()).toBe(0);
  });

  it('makes its shard folder again when it was removed behind its back', async () => {
    const blobs = new BlobStore(root);
    await blobs.put(hash, Buffer.from('one'));
    await rm(join(root, 'ab'), { recursive: true });
    await blobs.put(hash, Buffer.from('two'));
    expect(existsSync(blobs.path(hash))).toBe(true);
    expect(await readFile(blobs.path(hash), 'utf8')).toBe('two');
  });

  it('stores a large blob (written through libuv, not synchronously) whole, and syncs it', async () => {
    const blobs = new BlobStore(root);
    const large = Buffer.alloc(3 * 1024 * 1024 + 5, 7);
    large[large.length - 1] = 9;
    await blobs.put(hash, large);
    await blobs.sync([hash]);
    expect((await readFile(blobs.path(hash))).equals(large)).toBe(true);
    expect(await blobs.removeTemporary()).toBe(0);
  });

  it('refuses to sync a blob that is not there', async () => {
    const blobs = new BlobStore(root);
    await expect(blobs.sync(['cd'.repeat(32)])).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('syncs in the background on its own thread, with the same refusals', async () => {
    const blobs = new BlobStore(root);
    try {
      await blobs.put(hash, Buffer.from('one'));
      await blobs.syncInBackground([hash]);
      await expect(blobs.syncInBackground([hash, 'cd'.repeat(32)])).rejects.toMatchObject({
        code: 'ENOENT',
        message: expect.stringContaining('cd'.repeat(32)) as string,
      });
      // The thread goes on after a refusal.
      await blobs.syncInBackground([hash]);
    } finally {
      await blobs.close();
    }
  });

  it('makes all 256 shard folders for a new blob folder, and none for an existing one', async () => {
    const fresh = new BlobStore(join(root, 'new'));
    await fresh.prepare();
    const shards = await readdir(join(root, 'new'));
    expect(shards).toHaveLength(256);
    expect(shards).toContain('00');
    expect(shards).toContain('ff');
    await fresh.put(hash, Buffer.from('one'));
    expect(await readFile(fresh.path(hash), 'utf8')).toBe('one');

    await mkdir(join(root, 'old'));
    await new BlobStore(join(root, 'old')).prepare();
    expect(await readdir(join(root, 'old'))).toEqual([]);
  });
});
