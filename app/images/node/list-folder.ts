import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isHiddenFileName } from '../common/image-files.js';

export interface Listing {
  readonly files: string[];
  readonly folders: string[];
}

const collator = new Intl.Collator('en', { numeric: true });

/** Identifies a folder however it was reached (links included), to enter each one once. */
export async function folderIdentity(dir: string): Promise<string> {
  const { dev, ino } = await stat(dir, { bigint: true });
  return `${dev}:${ino}`;
}

/** Visible files and folders of one folder, sorted naturally (cat_2 before cat_10). */
export async function listFolder(dir: string): Promise<Listing> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => collator.compare(a.name, b.name));
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    if (isHiddenFileName(entry.name) || entry.name === '__MACOSX') continue;
    const path = join(dir, entry.name);
    const type = await entryType(entry, path);
    if (type === 'folder') folders.push(path);
    else if (type === 'file') files.push(path);
  }
  return { files, folders };
}

/** Links are resolved with stat; a broken link counts as a file (reading it then says it is gone). */
async function entryType(entry: Dirent, path: string): Promise<'file' | 'folder' | 'other'> {
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) return 'folder';
    return stats.isFile() ? 'file' : 'other';
  } catch {
    return 'file';
  }
}
