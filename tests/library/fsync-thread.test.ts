import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsyncThread } from '../../app/library/node/fsync-thread.js';
import { temporaryFolders } from '../support/temp-folders.js';

describe('FsyncThread', () => {
  const folder = temporaryFolders();

  it('syncs batches in the order asked, each settling on its own', async () => {
    const dir = folder('fovea-fsync-');
    const paths = ['a', 'b', 'c'].map((name) => join(dir, name));
    for (const path of paths) writeFileSync(path, path);
    const thread = new FsyncThread();
    try {
      const settled: string[] = [];
      await Promise.all([
        thread.sync(paths.slice(0, 2)).then(() => settled.push('first')),
        thread.sync([join(dir, 'missing')]).catch((error: unknown) => {
          settled.push(`second ${(error as { code?: string }).code}`);
        }),
        thread.sync(paths.slice(2)).then(() => settled.push('third')),
      ]);
      expect(settled).toEqual(['first', 'second ENOENT', 'third']);
      await expect(thread.sync([])).resolves.toBeUndefined();
    } finally {
      await thread.close();
    }
  });

  it('refuses the syncs still waiting when it is closed, and starts again when asked', async () => {
    const dir = folder('fovea-fsync-');
    const path = join(dir, 'a');
    writeFileSync(path, 'a');
    const thread = new FsyncThread();
    const refused = expect(thread.sync(Array.from({ length: 200 }, () => path))).rejects.toThrow(
      /closed/,
    );
    await thread.close();
    await refused;
    await thread.sync([path]);
    await thread.close();
  });

  it('keeps the syncs of a new thread when the thread it replaced stops', async () => {
    const dir = folder('fovea-fsync-');
    const path = join(dir, 'a');
    writeFileSync(path, 'a');
    const thread = new FsyncThread();
    await thread.sync([path]);
    const closing = thread.close();
    await expect(thread.sync(Array.from({ length: 50 }, () => path))).resolves.toBeUndefined();
    await closing;
    await thread.close();
  });
});
