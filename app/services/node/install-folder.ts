/** Puts a finished staging folder in place of `target`, which may already exist. */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A folder cannot be renamed over a non-empty one, so the old one steps aside first (under a
 * hidden name, which lists ignore) and is removed once the new one is in place; at no moment is
 * `target` a half-written folder.
 */
export async function installFolder(staging: string, target: string): Promise<void> {
  const aside = join(dirname(target), `.old-${basename(target)}-${randomBytes(4).toString('hex')}`);
  let isAside = false;
  try {
    await rename(target, aside);
    isAside = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(staging, target);
  } catch (error) {
    if (isAside) await rename(aside, target);
    throw error;
  }
  if (isAside) await rm(aside, { recursive: true, force: true });
}
