/**
 * Datasets, classes and their images as the user edits them: each change is made in the library
 * and announced as `library.changed`. Deleting a dataset also collects what only it used (the
 * originals of its images, its runs' model folders) in the background; a failure there is logged.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, relative, sep } from 'node:path';
import type { Logger } from '../../base/common/logger.js';
import type { EventHub } from '../../ipc/common/event-hub.js';
import type {
  ImageDetailWithOrigin,
  ImageOrigin,
  ImageFilter,
  ImageIndex,
  SplitCounts,
  SplitPercentages,
} from '../../library/common/images.js';
import { defaultSplitPercentages } from '../../library/common/splits.js';
import type { ClassSummary, DatasetSummary, Split } from '../../library/common/types.js';
import type { LibraryStores } from '../../library/node/stores.js';
import type { ModelFolders } from './model-folders.js';

export interface LibraryDependencies {
  readonly stores: Pick<LibraryStores, 'datasets' | 'images' | 'gallery' | 'blobs'>;
  readonly models: ModelFolders;
  readonly events: EventHub;
  readonly logger: Logger;
}

export class LibraryService {
  readonly #stores: LibraryDependencies['stores'];
  readonly #deps: LibraryDependencies;
  /** Tidying that runs after a reply (unused originals, model folders); awaited on close. */
  readonly #tidying = new Set<Promise<unknown>>();

  constructor(deps: LibraryDependencies) {
    this.#deps = deps;
    this.#stores = deps.stores;
  }

  listDatasets(): DatasetSummary[] {
    return this.#stores.datasets.listDatasets();
  }

  getDataset(id: number): DatasetSummary {
    return this.#stores.datasets.getDataset(id);
  }

  createDataset(name: string): DatasetSummary {
    const dataset = this.#stores.datasets.createDataset(name);
    return this.#changed(dataset.id, dataset);
  }

  renameDataset(id: number, name: string): DatasetSummary {
    return this.#changed(id, this.#stores.datasets.renameDataset(id, name));
  }

  deleteDataset(id: number): void {
    this.#stores.datasets.deleteDataset(id);
    // The originals of its images are shared by hash: collect the ones no dataset uses now.
    this.#inBackground(
      this.collectBlobs().catch((error: unknown) =>
        this.#deps.logger.error(`cannot remove the unused originals of dataset ${id}`, error),
      ),
    );
    void this.collectModels();
    this.#changed(id, null);
  }

  /** Waits for the tidying still under way, so the library can close under none of it. */
  async settle(): Promise<void> {
    await Promise.all(this.#tidying);
  }

  #inBackground(work: Promise<unknown>): void {
    this.#tidying.add(work);
    void work.finally(() => this.#tidying.delete(work));
  }

  createClass(datasetId: number, name: string): ClassSummary {
    return this.#changed(datasetId, this.#stores.datasets.createClass(datasetId, name));
  }

  renameClass(id: number, name: string): ClassSummary {
    const renamed = this.#stores.datasets.renameClass(id, name);
    return this.#changed(renamed.datasetId, renamed);
  }

  deleteClass(id: number): void {
    this.#stores.datasets.deleteClass(id);
    this.#changed(null, null);
  }

  images(datasetId: number, filter?: ImageFilter): ImageIndex {
    return this.#stores.gallery.index(datasetId, filter);
  }

  /** The file names of some images, to name them in pickers. */
  imageNames(ids: readonly number[]): string[] {
    return this.#stores.gallery.originalNames(ids);
  }

  image(id: number): ImageDetailWithOrigin {
    const detail = this.#stores.gallery.detail(id);
    return { ...detail, origin: originOf(detail.originalPath) };
  }

  setClass(ids: readonly number[], classId: number | null): void {
    this.#changedAll(this.#stores.gallery.setClass(ids, classId));
  }

  setSplit(ids: readonly number[], split: Split | null): void {
    this.#changedAll(this.#stores.gallery.setSplit(ids, split));
  }

  /** Soft-deletes images (undone by `restore`); returns how many. */
  deleteImages(ids: readonly number[]): number {
    return this.#changed(null, this.#stores.gallery.delete(ids));
  }

  restoreImages(ids: readonly number[]): number {
    return this.#changed(null, this.#stores.gallery.restore(ids));
  }

  splitCounts(datasetId: number): SplitCounts {
    return this.#stores.gallery.splitCounts(datasetId);
  }

  assignSplits(datasetId: number, percentages?: SplitPercentages, seed?: number): SplitCounts {
    const counts = this.#stores.gallery.assignSplits(
      datasetId,
      percentages ?? defaultSplitPercentages,
      seed ?? 1,
    );
    return this.#changed(datasetId, counts);
  }

  /** Splits all of a dataset's images again (stratified, seeded), dropping earlier choices. */
  resplitAll(datasetId: number, percentages?: SplitPercentages, seed?: number): SplitCounts {
    const counts = this.#stores.gallery.resplitAll(
      datasetId,
      percentages ?? defaultSplitPercentages,
      seed ?? 1,
    );
    return this.#changed(datasetId, counts);
  }

  /** Removes blobs no image refers to any more (after purges and dataset deletes). */
  collectBlobs(): Promise<number> {
    return this.#stores.blobs.collect((hash) => this.#stores.images.isHashReferenced(hash));
  }

  /** Removes the model folders of runs that are gone; a failure is logged. */
  collectModels(): Promise<void> {
    const work = this.#deps.models.collect().catch((error: unknown) => {
      this.#deps.logger.error('cannot remove the model folders of deleted runs', error);
    });
    this.#inBackground(work);
    return work;
  }

  #changed<T>(datasetId: number | null, value: T): T {
    this.#deps.events.emit('library.changed', { datasetId });
    return value;
  }

  #changedAll(datasetIds: readonly number[]): void {
    for (const datasetId of datasetIds) this.#deps.events.emit('library.changed', { datasetId });
  }
}

/**
 * The built-in sample is drawn into a `fovea-sample-*` temporary folder that is removed once it is
 * imported, so its path would point at nothing; uploads are stored by the name they were dropped
 * with (relative); other files are looked up on disk.
 */
export function originOf(originalPath: string): ImageOrigin {
  if (!isAbsolute(originalPath)) return 'upload';
  const parent = relative(tmpdir(), originalPath).split(sep)[0] ?? '';
  if (parent.startsWith('fovea-sample-')) return 'sample';
  return existsSync(originalPath) ? 'file' : 'missing';
}
