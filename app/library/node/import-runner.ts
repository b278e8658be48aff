/**
 * The import pipeline: scan → hash → dedupe → decode (sharp) → blob + thumbnail + tensor → insert
 * in batched transactions, `concurrency` files in flight. A file that cannot be read is recorded
 * with its reason and the import goes on; a full disk or a cancel stops it. An image's row is
 * written only after its blob is whole, and with its thumbnail and tensor in the same transaction,
 * so a killed process leaves no half-imported image.
 *
 * Import: Scanning → Importing → Completed | Cancelled | Failed (Interrupted, if the process died).
 */
import { relative } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';
import type { ImportProgress, ImportSummary } from '../common/images.js';
import type { Split } from '../common/types.js';
import { imageExtensions } from '../../images/common/image-files.js';
import { isBadImageError } from '../../images/node/bad-image.js';
import { decodeImage, readImageFile, thumbnailMimeType } from '../../images/node/process-image.js';
import type { ScanCandidate } from '../../images/node/scan.js';
import { scanPaths } from '../../images/node/scan.js';
import type { NewImage } from './image-repository.js';
import type { ImportCounters } from './import-repository.js';
import type { BlobFiles, DatasetStore, ImageStore, ImportStore } from './stores.js';

export interface ImportRequest {
  readonly datasetId: number;
  readonly paths: readonly string[];
  /** The class the files were dropped onto. */
  readonly classId?: number | null;
  /** Files are reported relative to this folder (web-mode uploads), else by full path. */
  readonly displayRoot?: string;
}

export interface ImportDependencies {
  readonly library: DatasetStore;
  readonly images: ImageStore;
  readonly imports: ImportStore;
  readonly blobs: BlobFiles;
  readonly concurrency: number;
  readonly onProgress: (progress: ImportProgress) => void;
  readonly now?: () => number;
}

interface Pending {
  readonly image: NewImage;
  readonly replaces: number | null;
}

const batchSize = 48;
const progressIntervalMs = 125;

export class ImportJob {
  readonly id: number;
  readonly #deps: ImportDependencies;
  readonly #request: ImportRequest;
  readonly #abort = new AbortController();
  readonly #counters: ImportCounters = {
    total: 0,
    imported: 0,
    duplicates: 0,
    skipped: 0,
    failed: [],
    conflicts: [],
  };
  readonly #classIds = new Map<string, number>();
  readonly #hashesSeen = new Map<string, string | null>();
  #pending: Pending[] = [];
  /**
   * Images decoded ahead of an earlier file still in flight, by the file's place in the scan: rows
   * are stored in scan order, whatever order the decodes finish in, so the same folders give the
   * same dataset (image ids, and the runs that read images by id) on every import.
   */
  readonly #ahead = new Map<number, Pending | null>();
  #nextInOrder = 0;
  /** Images of batches being stored now: no longer pending, not yet counted as imported. */
  #storing = 0;
  /** The batch being stored in the background, while the workers decode the next one. */
  #storingBatch: Promise<void> | null = null;
  #done = 0;
  #startedAt = 0;
  #lastProgressAt = -Infinity;
  #currentFile: string | null = null;
  #inputSize = 64;

  constructor(deps: ImportDependencies, request: ImportRequest) {
    this.#deps = deps;
    this.#request = request;
    this.id = deps.imports.create(request.datasetId);
  }

  cancel(): void {
    this.#abort.abort();
  }

  get isCancelled(): boolean {
    return this.#abort.signal.aborted;
  }

  async run(): Promise<ImportSummary> {
    const { imports } = this.#deps;
    let message: string | null = null;
    let status: 'completed' | 'cancelled' | 'failed' = 'completed';
    try {
      const dataset = this.#deps.library.getDataset(this.#request.datasetId);
      this.#inputSize = dataset.inputSize;
      for (const known of dataset.classes) this.#classIds.set(known.name.toLowerCase(), known.id);
      const targetClass = this.#targetClassName();
      const candidates = await this.#scan(targetClass);
      if (candidates.length === 0 && !this.isCancelled)
        message = noImagesFound(this.#request.paths.map((path) => this.#display(path)));
      this.#startedAt = this.#now();
      await this.#importAll(candidates);
      if (this.isCancelled) status = 'cancelled';
    } catch (error) {
      status = this.isCancelled ? 'cancelled' : 'failed';
      message = this.isCancelled ? null : describeFatal(error);
    } finally {
      this.#settleTheRest();
      for (const store of [() => this.#storingBatch, () => this.#flush()]) {
        try {
          await store(); // the batch still storing, then what is left
        } catch (error) {
          status = 'failed';
          message = describeFatal(error);
        }
      }
      imports.save(this.id, this.#counters, message);
      imports.finish(this.id, status);
      this.#emitProgress(true);
    }
    const summary = imports.get(this.id, (datasetId) => this.#deps.images.classCounts(datasetId));
    if (!summary) throw new FoveaError('internal', `Import ${this.id} vanished.`);
    return summary;
  }

  #targetClassName(): string | undefined {
    const classId = this.#request.classId;
    if (classId === undefined || classId === null) return undefined;
    const found = this.#deps.library
      .getDataset(this.#request.datasetId)
      .classes.find((c) => c.id === classId);
    if (!found) throw new FoveaError('not_found', `The class ${classId} is not in this dataset.`);
    return found.name;
  }

  async #scan(targetClass: string | undefined): Promise<ScanCandidate[]> {
    const candidates: ScanCandidate[] = [];
    const options = {
      signal: this.#abort.signal,
      ...(targetClass === undefined ? {} : { targetClass }),
    };
    for await (const entry of scanPaths(this.#request.paths, options)) {
      if (entry.kind === 'image') candidates.push(entry);
      else if (entry.reason === 'not_image') this.#counters.skipped += 1;
      else this.#counters.failed.push({ file: this.#display(entry.path), reason: entry.message });
      this.#counters.total = candidates.length;
      this.#emitProgress(false);
    }
    return candidates;
  }

  async #importAll(candidates: readonly ScanCandidate[]): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < candidates.length && !this.isCancelled) {
        const index = next++;
        const candidate = candidates[index];
        this.#settle(index, candidate ? await this.#importOne(candidate) : null);
        this.#done += 1;
        if (this.#pending.length >= batchSize) await this.#flushInBackground();
        this.#emitProgress(false);
      }
    };
    const workers = Array.from({ length: Math.max(1, this.#deps.concurrency) }, () => worker());
    const results = await Promise.allSettled(workers);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Files settle out of order; what is next in scan order moves to the pending batch. */
  #settle(index: number, image: Pending | null): void {
    this.#ahead.set(index, image);
    for (let next = this.#ahead.get(this.#nextInOrder); next !== undefined;) {
      this.#ahead.delete(this.#nextInOrder);
      if (next !== null) this.#pending.push(next);
      next = this.#ahead.get(++this.#nextInOrder);
    }
  }

  /** An import that stopped early stores what was decoded, in scan order, past any file it lost. */
  #settleTheRest(): void {
    const indexes = [...this.#ahead.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      const image = this.#ahead.get(index);
      if (image) this.#pending.push(image);
    }
    this.#ahead.clear();
  }

  /** The file's image to store, or null (a duplicate, a refusal, or a cancel). */
  async #importOne(candidate: ScanCandidate): Promise<Pending | null> {
    const file = this.#display(candidate.path);
    this.#currentFile = file;
    try {
      const { hash, bytes } = await readImageFile(candidate.path);
      const replaces = this.#dedupe(hash, candidate.className, file);
      if (replaces === 'duplicate') return null;
      const classId = candidate.className === null ? null : this.#classId(candidate.className);
      const decoded = await decodeImage(bytes, { tensorSize: this.#inputSize });
      await this.#deps.blobs.put(hash, bytes);
      if (this.isCancelled) return null;
      return {
        replaces,
        image: {
          datasetId: this.#request.datasetId,
          classId,
          split: candidate.split satisfies Split | null,
          hash,
          originalName: candidate.name,
          originalPath: file,
          width: decoded.width,
          height: decoded.height,
          bytes: bytes.length,
          format: decoded.format,
          thumbnail: decoded.thumbnail,
          thumbnailMime: thumbnailMimeType,
          tensor: decoded.tensor,
          tensorSize: decoded.tensorSize,
        },
      };
    } catch (error) {
      const isRefusal =
        isBadImageError(error) ||
        (error instanceof FoveaError && error.code === 'invalid_argument');
      if (!isRefusal) throw error;
      this.#counters.failed.push({ file, reason: error.message });
      return null;
    }
  }

  /** 'duplicate', or the id of a deleted copy this file replaces, or null for a new image. */
  #dedupe(hash: string, className: string | null, file: string): 'duplicate' | number | null {
    const seenClass = this.#hashesSeen.get(hash);
    if (seenClass !== undefined) {
      this.#counters.duplicates += 1;
      if (seenClass !== className)
        this.#counters.conflicts.push({ file, existingClass: seenClass, newClass: className });
      return 'duplicate';
    }
    this.#hashesSeen.set(hash, className);
    const existing = this.#deps.images.findByHash(this.#request.datasetId, hash);
    if (!existing) return null;
    if (existing.isDeleted) return existing.id;
    this.#counters.duplicates += 1;
    const existingClass = existing.classId === null ? null : this.#classNameOf(existing.classId);
    if (className !== null && existingClass?.toLowerCase() !== className.toLowerCase()) {
      this.#deps.images.markConflict(existing.id);
      this.#counters.conflicts.push({ file, existingClass, newClass: className });
    }
    return 'duplicate';
  }

  #classNameOf(classId: number): string | null {
    for (const [name, id] of this.#classIds) if (id === classId) return name;
    return null;
  }

  #classId(name: string): number {
    const key = name.toLowerCase();
    const known = this.#classIds.get(key);
    if (known !== undefined) return known;
    const created = this.#deps.library.createClass(this.#request.datasetId, name);
    this.#classIds.set(key, created.id);
    return created.id;
  }

  /**
   * Starts storing a full batch without waiting for it: its fsyncs wait on the disk, and a worker
   * that waited with them left a core idle. One batch at a time, so rows commit in order and at
   * most two batches are held; a batch that failed throws here, to the next worker to come.
   */
  async #flushInBackground(): Promise<void> {
    if (this.#storingBatch) await this.#storingBatch;
    if (this.#pending.length < batchSize) return; // another worker started it meanwhile
    const storing = this.#flush(true);
    this.#storingBatch = storing;
    // Forgotten once stored; a failed batch stays, so every later await (the workers', then
    // run's finally) throws its error and the import cannot end as completed without it.
    storing.then(
      () => {
        if (this.#storingBatch === storing) this.#storingBatch = null;
      },
      () => {},
    );
  }

  /**
   * Stores the pending images: their blobs made durable first, then their rows in one commit. In
   * the background while the workers decode, else (the last batch) with nothing else waiting.
   */
  async #flush(inBackground = false): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    this.#storing += batch.length;
    try {
      const hashes = batch.map(({ image }) => image.hash);
      await (inBackground
        ? this.#deps.blobs.syncInBackground(hashes)
        : this.#deps.blobs.sync(hashes));
    } finally {
      this.#storing -= batch.length;
    }
    this.#deps.images.transaction(() => {
      for (const { image, replaces } of batch) {
        if (replaces !== null) this.#deps.images.hardDelete(replaces);
        this.#deps.images.insert(image);
      }
      this.#counters.imported += batch.length;
      this.#deps.imports.save(this.id, this.#counters);
    });
  }

  #emitProgress(isFinal: boolean): void {
    const now = this.#now();
    if (!isFinal && now - this.#lastProgressAt < progressIntervalMs) return;
    this.#lastProgressAt = now;
    const seconds = (now - this.#startedAt) / 1000;
    const rate = this.#startedAt > 0 && seconds > 0 ? this.#done / seconds : 0;
    const left = this.#counters.total - this.#done;
    this.#deps.onProgress({
      importId: this.id,
      datasetId: this.#request.datasetId,
      done: this.#done,
      total: this.#counters.total,
      imported: this.#counters.imported + this.#storing + this.#pending.length,
      duplicates: this.#counters.duplicates,
      failed: this.#counters.failed.length,
      imagesPerSecond: rate,
      etaSeconds: rate > 0 ? left / rate : null,
      currentFile: isFinal ? null : this.#currentFile,
    });
  }

  #display(path: string): string {
    return this.#request.displayRoot ? relative(this.#request.displayRoot, path) : path;
  }

  #now(): number {
    return this.#deps.now?.() ?? performance.now();
  }
}

/** The end of an import that found nothing, with what Fovea looks for. */
export function noImagesFound(roots: readonly string[]): string {
  const types = imageExtensions.join(', ');
  const where = roots.length === 0 ? '' : ` in ${roots.join(', ')}`;
  return `No images found${where}. Fovea imports image files (${types}), in one folder per class (cats/, dogs/), optionally inside train/, val/ and test/ folders.`;
}

function describeFatal(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC')
    return 'The disk is full: the import stopped. What was imported before is kept; free some space and import again to add the rest.';
  if (code === 'EACCES' || code === 'EPERM')
    return `Fovea cannot write to its library folder: ${(error as Error).message}`;
  if (error instanceof FoveaError) return error.message;
  return `The import stopped: ${error instanceof Error ? error.message : String(error)}`;
}
