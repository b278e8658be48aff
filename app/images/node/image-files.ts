/**
 * Every image file under some dropped paths, with no notion of classes or splits (unlike
 * ./scan.ts, which reads a folder tree as a dataset): what a model is asked to classify. Each file
 * is named by its path from the dropped item's parent (`test/cat/cat_0001.jpg`), hidden files are
 * left out, other files are reported as not images, and each folder is entered once (by device
 * and inode), so link loops end.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { isHiddenFileName, isImageFileName } from '../common/image-files.js';
import { folderIdentity, listFolder } from './list-folder.js';

export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** From the dropped item's parent, with `/`. */
  readonly name: string;
  /** Why it is not read as an image; null for an image file. */
  readonly refusal: string | null;
}

export async function findImageFiles(paths: readonly string[]): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  const entered = new Set<string>();
  for (const path of paths) {
    const root = resolve(path);
    const base = dirname(root);
    const named = (file: string, refusal: string | null): FoundFile => ({
      path: file,
      name: relative(base, file).split(sep).join('/'),
      refusal,
    });
    let isFolder: boolean;
    try {
      isFolder = (await stat(root)).isDirectory();
    } catch {
      found.push(named(root, 'The file or folder is not there.'));
      continue;
    }
    if (!isFolder) {
      if (!isHiddenFileName(basename(root))) found.push(named(root, refusalOf(root)));
      continue;
    }
    for await (const file of filesUnder(root, entered)) found.push(named(file, refusalOf(file)));
  }
  return found;
}

function refusalOf(path: string): string | null {
  return isImageFileName(basename(path))
    ? null
    : 'Not an image file (JPEG, PNG, WebP, GIF, BMP, TIFF or AVIF).';
}

async function* filesUnder(folder: string, entered: Set<string>): AsyncGenerator<string> {
  const identity = await folderIdentity(folder);
  if (entered.has(identity)) return;
  entered.add(identity);
  const { files, folders } = await listFolder(folder);
  yield* files;
  for (const child of folders) yield* filesUnder(child, entered);
}
