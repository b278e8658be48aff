import type { Split } from './types.js';

export const imageStatuses = ['ok', 'conflict'] as const;
export type ImageStatus = (typeof imageStatuses)[number];

/** Which images a gallery shows: null class means "without a class". */
export interface ImageFilter {
  readonly classId?: number | null | undefined;
  readonly split?: Split | 'none' | undefined;
  readonly status?: ImageStatus | undefined;
}

/**
 * Every image of a dataset that passes a filter, as parallel columns (binary over the wire, so
 * 25,000 images cost 25,000 × 9 bytes, not JSON objects). `classIds` uses 0 for "no class";
 * `splits` uses 0 none, 1 train, 2 val, 3 test; `statuses` 0 ok, 1 conflict. Ordered by id.
 */
export interface ImageIndex {
  readonly ids: Int32Array;
  readonly classIds: Int32Array;
  readonly splits: Uint8Array;
  readonly statuses: Uint8Array;
}

export const splitCodes: readonly (Split | null)[] = [null, 'train', 'val', 'test'];

export interface ImageDetail {
  readonly id: number;
  readonly datasetId: number;
  readonly classId: number | null;
  readonly className: string | null;
  readonly split: Split | null;
  readonly status: ImageStatus;
  readonly hash: string;
  readonly originalName: string;
  readonly originalPath: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly format: string;
  readonly createdAt: string;
}

/**
 * Where an image came from, as far as can be told now: the built-in sample (drawn in a temporary
 * folder that is gone once imported), a web-mode upload (only the dropped name is known), or a
 * file on this machine, still there or not.
 */
export type ImageOrigin = 'sample' | 'upload' | 'file' | 'missing';

/** An image's details as the services show them, with the state of its source. */
export interface ImageDetailWithOrigin extends ImageDetail {
  readonly origin: ImageOrigin;
}

export interface SplitPercentages {
  readonly train: number;
  readonly val: number;
  readonly test: number;
}

export interface SplitCounts {
  readonly train: number;
  readonly val: number;
  readonly test: number;
  readonly none: number;
}

export const importStatuses = [
  'running',
  'completed',
  'cancelled',
  'failed',
  'interrupted',
] as const;
export type ImportStatus = (typeof importStatuses)[number];

export interface ImportRefusal {
  /** The file as the user named it (path, or the dropped relative path in web mode). */
  readonly file: string;
  readonly reason: string;
}

export interface ImportConflict {
  readonly file: string;
  readonly existingClass: string | null;
  readonly newClass: string | null;
}

export interface ImportSummary {
  readonly id: number;
  readonly datasetId: number;
  readonly status: ImportStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly total: number;
  readonly imported: number;
  readonly duplicates: number;
  /** Not images (by name): counted, not listed. */
  readonly skipped: number;
  readonly failed: readonly ImportRefusal[];
  readonly conflicts: readonly ImportConflict[];
  /** Images per class name after the import. */
  readonly classes: Readonly<Record<string, number>>;
  /** Why the whole import stopped, when it did (disk full, folder unreadable…). */
  readonly message: string | null;
}

/** The images one class of a preview would get, by the split their folders imply. */
export interface ImportPreviewClass {
  readonly name: string;
  readonly images: number;
}

/**
 * What an import would do, read from the folder tree before anything is decoded or stored: the
 * classes its folders make, the images no folder gives a class ("loose": they go to the class
 * chosen for them, or stay without one), the splits its folders imply, and what it would skip.
 */
export interface ImportPreview {
  /** The dropped files and folders, as the person named them. */
  readonly roots: readonly string[];
  readonly images: number;
  readonly classes: readonly ImportPreviewClass[];
  readonly loose: number;
  readonly splits: SplitCounts;
  /** Files skipped by name (not an image type). */
  readonly otherFiles: number;
  /** Folders or files that could not be read, or were left out by the layout. */
  readonly problems: number;
  /** The folder's name when one folder of loose images was dropped: a likely class for them. */
  readonly suggestedClass: string | null;
}

export interface ImportProgress {
  readonly importId: number;
  readonly datasetId: number;
  readonly done: number;
  readonly total: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly failed: number;
  readonly imagesPerSecond: number;
  /** Seconds left at the current rate; null until there is a rate. */
  readonly etaSeconds: number | null;
  readonly currentFile: string | null;
}

/** The refusals of an import as text a person can keep. */
export function refusalsAsText(summary: ImportSummary): string {
  const lines = summary.failed.map((refusal) => `${refusal.file}\t${refusal.reason}`);
  return `${['file\treason', ...lines].join('\n')}\n`;
}
