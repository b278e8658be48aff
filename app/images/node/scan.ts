/**
 * Scan: from the paths a person dropped (files and folders) to the files worth decoding, each with
 * the class and split its place in the folder tree implies, plus the files and folders skipped and
 * why. An async generator of small records, so 25,000 files never need a tree in memory; collect
 * them with `scanAll` when a list is wanted.
 *
 * Layouts, for each dropped folder D (the target class T is the class it was dropped onto):
 * - split layout: D has a subfolder named train, val, valid, validation or test (any case). Each
 *   split folder's subfolders are classes (`D/train/cat/x.jpg` → class cat, split train); images
 *   loose in a split folder or in D go to T (or no class). Other subfolders of D are skipped
 *   (reason `outside_split`), so `pets/bad/` beside `pets/train/` is not imported as a class.
 * - class folders: some subfolder of D holds images (at any depth). Each subfolder is a class
 *   named after it, even when T is given; images loose in D go to T (or no class). When D itself
 *   is named like a split (`pets/train` dropped alone), its images get that split.
 * - a folder of images: no subfolder holds images. Dropped alone, its images go to T, or when
 *   there is no T, stay without a class (and take the split its name says, if it is one): a
 *   folder of loose photos is often named for where they came from (`bad/`, `Downloads/`), not
 *   for what they show, and the import panel's preview lets the person pick their class before
 *   anything is imported. Dropped together with other paths (`cats/` and `dogs/` side by side,
 *   "one folder per class"), each such folder is a class named after itself, as a subfolder of a
 *   class container would be.
 * - loose files go to T (or no class), with no split.
 * Deeper folders do not make classes: a file takes the class of the nearest class-level folder
 * above it (`cats/indoor/2019/x.jpg` → cats). Class names are the folder names, NFC-normalized
 * and trimmed. Split is null where the layout does not say; the importer decides those.
 *
 * Hidden files and folders (dotfiles, `._*`, `__MACOSX`, Thumbs.db) are skipped silently.
 * Symbolic links are followed; each folder is entered once (by device and inode), so link loops
 * end, and nesting deeper than `maxDepth` is reported instead of followed.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';
import { extensionOf, isHiddenFileName, isImageFileName } from '../common/image-files.js';
import { folderIdentity, listFolder } from './list-folder.js';
import type { Listing } from './list-folder.js';

export type Split = 'train' | 'val' | 'test';

export interface ScanCandidate {
  readonly kind: 'image';
  /** Absolute path. */
  readonly path: string;
  readonly name: string;
  readonly className: string | null;
  readonly split: Split | null;
}

export type ScanSkipReason =
  'not_image' | 'unreadable' | 'not_found' | 'outside_split' | 'too_deep';

export interface ScanSkip {
  readonly kind: 'skipped';
  readonly path: string;
  readonly isFolder: boolean;
  readonly reason: ScanSkipReason;
  readonly message: string;
}

export type ScanEntry = ScanCandidate | ScanSkip;

export interface ScanOptions {
  /** The class the paths were dropped onto. */
  readonly targetClass?: string;
  readonly signal?: AbortSignal;
  /** Folder levels below a dropped folder that are still entered; default 32. */
  readonly maxDepth?: number;
}

export interface ScanResult {
  readonly images: ScanCandidate[];
  readonly skipped: ScanSkip[];
  readonly skippedByReason: Readonly<Record<ScanSkipReason, number>>;
}

const splitNames: ReadonlyMap<string, Split> = new Map([
  ['train', 'train'],
  ['val', 'val'],
  ['valid', 'val'],
  ['validation', 'val'],
  ['test', 'test'],
]);

export function splitOfFolderName(name: string): Split | null {
  return splitNames.get(name.trim().toLowerCase()) ?? null;
}

/** A folder name as a class name: NFC (macOS hands out NFD names) and trimmed; '' → null. */
export function classNameOf(name: string): string | null {
  const normalized = name.normalize('NFC').trim();
  return normalized === '' ? null : normalized;
}

export async function* scanPaths(
  paths: readonly string[],
  options: ScanOptions = {},
): AsyncGenerator<ScanEntry, void, undefined> {
  const scanner = new FolderScanner(options, paths.length > 1);
  const roots = paths.map((path) => resolve(path));
  // The dropped paths are stat'ed a batch at a time: one after another, each stat waits on its
  // own round trip through libuv's pool (~0.1 ms here), 30 ms for a drop of 300 photos.
  for (let start = 0; start < roots.length; start += rootStatBatch) {
    const batch = roots.slice(start, start + rootStatBatch);
    const stats = await Promise.all(batch.map(statOrError));
    for (const [index, path] of batch.entries()) yield* scanner.scanRoot(path, stats[index]!);
  }
}

const rootStatBatch = 64;

async function statOrError(path: string): Promise<Stats | { readonly error: unknown }> {
  try {
    return await stat(path);
  } catch (error) {
    return { error };
  }
}

export async function scanAll(
  paths: readonly string[],
  options: ScanOptions = {},
): Promise<ScanResult> {
  const images: ScanCandidate[] = [];
  const skipped: ScanSkip[] = [];
  const skippedByReason: Record<ScanSkipReason, number> = {
    not_image: 0,
    unreadable: 0,
    not_found: 0,
    outside_split: 0,
    too_deep: 0,
  };
  for await (const entry of scanPaths(paths, options)) {
    if (entry.kind === 'image') {
      images.push(entry);
    } else {
      skipped.push(entry);
      skippedByReason[entry.reason] += 1;
    }
  }
  return { images, skipped, skippedByReason };
}

interface Placement {
  readonly className: string | null;
  readonly split: Split | null;
}

class FolderScanner {
  private readonly visited = new Set<string>();
  private readonly targetClass: string | null;
  private readonly maxDepth: number;

  /**
   * @param isDropOfSeveral several paths were dropped together, so a folder of images among them
   *   is one of several class folders.
   */
  constructor(
    private readonly options: ScanOptions,
    private readonly isDropOfSeveral: boolean,
  ) {
    this.targetClass = options.targetClass === undefined ? null : classNameOf(options.targetClass);
    this.maxDepth = options.maxDepth ?? 32;
  }

  async *scanRoot(
    path: string,
    stats: Stats | { readonly error: unknown },
  ): AsyncGenerator<ScanEntry, void, undefined> {
    this.throwIfCancelled();
    if ('error' in stats) {
      yield statFailure(path, stats.error);
      return;
    }
    if (stats.isDirectory()) {
      yield* this.scanDroppedFolder(path);
    } else if (!isHiddenFileName(basename(path))) {
      yield fileEntry(path, { className: this.targetClass, split: null });
    }
  }

  private async *scanDroppedFolder(dir: string): AsyncGenerator<ScanEntry, void, undefined> {
    const listing = yield* this.list(dir, 0);
    if (listing === null) return;
    if (listing.folders.some((folder) => splitOfFolderName(basename(folder)) !== null)) {
      const loose: Placement = { className: this.targetClass, split: null };
      yield* listing.files.map((file) => fileEntry(file, loose));
      for (const folder of listing.folders) {
        const split = splitOfFolderName(basename(folder));
        if (split === null) {
          yield outsideSplit(folder);
        } else {
          const splitListing = yield* this.list(folder, 1);
          if (splitListing !== null) yield* this.scanClassContainer(splitListing, split, 1);
        }
      }
    } else if (await this.anyHoldsImages(listing.folders)) {
      yield* this.scanClassContainer(listing, splitOfFolderName(basename(dir)), 0);
    } else {
      const placement = this.isDropOfSeveral
        ? { className: classNameOf(basename(dir)), split: null }
        : { className: this.targetClass, split: splitOfFolderName(basename(dir)) };
      yield* listing.files.map((file) => fileEntry(file, placement));
      for (const folder of listing.folders) yield* this.scanClassFolder(folder, placement, 1);
    }
  }

  /** A folder whose subfolders are classes; its loose images go to the target class. */
  private async *scanClassContainer(
    listing: Listing,
    split: Split | null,
    depth: number,
  ): AsyncGenerator<ScanEntry, void, undefined> {
    yield* listing.files.map((file) => fileEntry(file, { className: this.targetClass, split }));
    for (const folder of listing.folders) {
      const placement = { className: classNameOf(basename(folder)), split };
      yield* this.scanClassFolder(folder, placement, depth + 1);
    }
  }

  /** Everything below a class-level folder takes its class. */
  private async *scanClassFolder(
    dir: string,
    placement: Placement,
    depth: number,
  ): AsyncGenerator<ScanEntry, void, undefined> {
    const listing = yield* this.list(dir, depth);
    if (listing === null) return;
    yield* listing.files.map((file) => fileEntry(file, placement));
    for (const folder of listing.folders) yield* this.scanClassFolder(folder, placement, depth + 1);
  }

  /**
   * Lists a folder once (a second visit through a link yields nothing); failures are yielded as
   * skips and give null.
   */
  private async *list(
    dir: string,
    depth: number,
  ): AsyncGenerator<ScanSkip, Listing | null, undefined> {
    this.throwIfCancelled();
    if (depth > this.maxDepth) {
      yield skip(
        dir,
        true,
        'too_deep',
        `Folders nested more than ${this.maxDepth} deep are not scanned.`,
      );
      return null;
    }
    try {
      const identity = await folderIdentity(dir);
      if (this.visited.has(identity)) return null;
      this.visited.add(identity);
      return await listFolder(dir);
    } catch (error) {
      yield skip(dir, true, 'unreadable', `The folder cannot be read (${errorCode(error)}).`);
      return null;
    }
  }

  /** Whether any of the folders holds an image file at any depth; stops at the first one. */
  private async anyHoldsImages(folders: readonly string[]): Promise<boolean> {
    const seen = new Set<string>();
    const pending = folders.map((folder) => ({ folder, depth: 1 }));
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      this.throwIfCancelled();
      try {
        const identity = await folderIdentity(next.folder);
        if (seen.has(identity) || next.depth > this.maxDepth) continue;
        seen.add(identity);
        const listing = await listFolder(next.folder);
        if (listing.files.some((file) => isImageFileName(basename(file)))) return true;
        const depth = next.depth + 1;
        pending.push(...listing.folders.map((folder) => ({ folder, depth })));
      } catch {
        // Unreadable here is reported when the scan itself reaches the folder.
      }
    }
    return false;
  }

  private throwIfCancelled(): void {
    if (this.options.signal?.aborted === true)
      throw new FoveaError('cancelled', 'The scan was cancelled.');
  }
}

function fileEntry(path: string, placement: Placement): ScanEntry {
  const name = basename(path);
  if (!isImageFileName(name)) {
    const extension = extensionOf(name);
    const what = extension === '' ? 'it has no extension' : `${extension} files are not images`;
    return skip(path, false, 'not_image', `Not imported: ${what}.`);
  }
  return { kind: 'image', path, name, className: placement.className, split: placement.split };
}

function outsideSplit(folder: string): ScanSkip {
  const name = basename(folder);
  return skip(
    folder,
    true,
    'outside_split',
    `The folder "${name}" sits beside train/val/test folders but is not one of them, so it was not imported.`,
  );
}

function statFailure(path: string, error: unknown): ScanSkip {
  const code = errorCode(error);
  if (code === 'ENOENT')
    return skip(path, false, 'not_found', 'This file or folder does not exist.');
  return skip(path, false, 'unreadable', `This file or folder cannot be read (${code}).`);
}

function skip(path: string, isFolder: boolean, reason: ScanSkipReason, message: string): ScanSkip {
  return { kind: 'skipped', path, isFolder, reason, message };
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
