import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/**
 * Temporary folders that remove themselves: call at the top of a file or a `describe`, then make
 * folders with the returned function. They are removed after each test (`'each'`, the default) or
 * after the last one (`'all'`, for folders a `beforeAll` makes). Register it before the hook that
 * closes what uses the folders: after-hooks run in reverse order, so that hook runs first.
 */
export function temporaryFolders(when: 'each' | 'all' = 'each'): (prefix: string) => string {
  const folders: string[] = [];
  const removeAll = async (): Promise<void> => {
    const made = folders.splice(0);
    await Promise.all(made.map((folder) => rm(folder, { recursive: true, force: true })));
  };
  if (when === 'each') afterEach(removeAll);
  else afterAll(removeAll);
  return (prefix) => {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    folders.push(folder);
    return folder;
  };
}
