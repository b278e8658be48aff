import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadStore } from '../../app/library/node/upload-store.js';

describe('uploads', () => {
  let root: string;
  let now = 0;
  let free = 10 * 1024 ** 3;
  const store = (limits: { maxUploadBytes?: number; maxFileBytes?: number } = {}) =>
    new UploadStore(join(root, 'uploads'), {
      now: () => now,
      freeBytes: () => Promise.resolve(free),
      ...limits,
    });
  const file = (path: string, bytes: number) => ({ path, data: new Uint8Array(bytes) });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fovea-uploads-'));
    now = 0;
    free = 10 * 1024 ** 3;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a file or an upload over its cap', async () => {
    const uploads = store({ maxUploadBytes: 100, maxFileBytes: 60 });
    const id = await uploads.begin();
    await expect(uploads.add(id, [file('cat/big.jpg', 61)])).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('cat/big.jpg'),
    });
    await uploads.add(id, [file('cat/a.jpg', 60)]);
    await expect(uploads.add(id, [file('cat/b.jpg', 41)])).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/at most .* in parts/),
    });
    expect(existsSync(join(uploads.dir(id), 'cat', 'b.jpg'))).toBe(false);
  });

  it('refuses what would fill the disk', async () => {
    const uploads = store();
    const id = await uploads.begin();
    free = 300 * 1024 * 1024;
    await expect(uploads.add(id, [file('a.jpg', 50 * 1024 * 1024)])).rejects.toMatchObject({
      code: 'disk_full',
    });
  });

  it('expires uploads no import took up, and keeps the ones an import claimed', async () => {
    const uploads = store();
    const idle = await uploads.begin();
    const claimed = await uploads.begin();
    const fresh = await uploads.begin();
    await uploads.add(idle, [file('a.jpg', 1)]);
    uploads.claim(claimed);
    now = 10_000;
    await uploads.add(fresh, [file('b.jpg', 1)]);
    expect(await uploads.expire(5_000)).toBe(1);
    expect(existsSync(uploads.dir(idle))).toBe(false);
    expect(existsSync(uploads.dir(claimed))).toBe(true);
    expect(existsSync(uploads.dir(fresh))).toBe(true);
    await expect(uploads.add(idle, [file('c.jpg', 1)])).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('Drop the files again'),
    });
  });
});
