/**
 * A dataset as an ImageFolder tree (`split/class/file`, what torchvision's `ImageFolder` and
 * Keras' `image_dataset_from_directory` read), with the original files copied from the blob
 * store and a CSV manifest; then checked by reading every written file back against its SHA-256.
 * Images without a split go to `unassigned/`; images without a class are left out (and counted).
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { DatasetExportSummary } from '../../engine/common/exports.js';
import { FoveaError } from '../../base/common/errors.js';
import { safeSegment, uniqueName } from '../common/safe-names.js';
import { containedPath } from '../../base/node/contained-path.js';
import type { BlobFiles, GalleryStore } from './stores.js';

interface Row {
  readonly path: string;
  readonly split: string;
  readonly className: string;
  readonly hash: string;
  readonly originalName: string;
  readonly width: number;
  readonly height: number;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const manifestColumns = [
  'path',
  'split',
  'class',
  'sha256',
  'original_name',
  'width',
  'height',
];

export async function exportDatasetFolder(
  gallery: GalleryStore,
  blobs: BlobFiles,
  datasetId: number,
  out: string,
): Promise<DatasetExportSummary> {
  const index = gallery.index(datasetId);
  const rows: Row[] = [];
  const taken = new Map<string, Set<string>>();
  const classFolders = new Map<string, string>();
  const classFolderNames = new Set<string>();
  let unlabeled = 0;
  for (const id of index.ids) {
    const image = gallery.detail(id);
    if (image.className === null) {
      unlabeled += 1;
      continue;
    }
    const split = image.split ?? 'unassigned';
    let classFolder = classFolders.get(image.className);
    if (classFolder === undefined) {
      classFolder = uniqueName(safeSegment(image.className, 'class'), classFolderNames);
      classFolders.set(image.className, classFolder);
    }
    const folder = `${split}/${classFolder}`;
    const names = taken.get(folder) ?? new Set<string>();
    taken.set(folder, names);
    const file = uniqueName(safeSegment(image.originalName, `image-${image.id}`), names);
    const path = `${folder}/${file}`;
    await mkdir(containedPath(out, split, classFolder), { recursive: true });
    await copyFile(blobs.path(image.hash), containedPath(out, split, classFolder, file));
    rows.push({
      path,
      split,
      className: image.className,
      hash: image.hash,
      originalName: image.originalName,
      width: image.width,
      height: image.height,
    });
  }
  const manifest = [
    manifestColumns.join(','),
    ...rows.map((row) =>
      [row.path, row.split, row.className, row.hash, row.originalName, row.width, row.height]
        .map(csvField)
        .join(','),
    ),
  ].join('\n');
  await writeFile(containedPath(out, 'manifest.csv'), `${manifest}\n`);
  const counts: Record<string, Record<string, number>> = {};
  for (const row of rows) {
    const bySplit = (counts[row.split] ??= {});
    bySplit[row.className] = (bySplit[row.className] ?? 0) + 1;
  }
  return {
    images: rows.length,
    unlabeled,
    counts,
    files: ['manifest.csv', ...rows.map((row) => row.path)],
    verified: await verifyCopies(out, rows),
  };
}

/** Reads every file back and compares its SHA-256 with the library's; throws on a mismatch. */
async function verifyCopies(out: string, rows: readonly Row[]): Promise<number> {
  let verified = 0;
  for (const row of rows) {
    const hash = createHash('sha256')
      .update(await readFile(containedPath(out, ...row.path.split('/'))))
      .digest('hex');
    if (hash !== row.hash)
      throw new FoveaError('io', `${row.path} was not written whole (its SHA-256 differs).`);
    verified += 1;
  }
  return verified;
}
