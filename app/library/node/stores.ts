/**
 * What the services see of an opened library: each repository and file store by its public
 * methods only. A service is handed the stores it uses, never the database, and a test can hand
 * it a fake.
 */
import type { Library } from '../common/library.js';
import type { BlobStore } from './blob-store.js';
import type { CalibrationRepository } from './calibration-repository.js';
import type { EmbeddingRepository } from './embedding-repository.js';
import type { Gallery } from './gallery.js';
import type { ImageRepository } from './image-repository.js';
import type { ImportRepository } from './import-repository.js';
import type { ModelRepository } from './model-repository.js';
import type { RunRepository } from './run-repository.js';
import type { SnapshotRepository } from './snapshot-repository.js';
import type { TensorRepository } from './tensor-repository.js';
import type { UploadStore } from './upload-store.js';

/** A class's public methods as an interface (its `#private` fields make it nominal otherwise). */
type PublicOf<T> = { readonly [K in keyof T]: T[K] };

export type DatasetStore = Omit<Library, 'close'> & {
  findDatasetByName: (name: string) => ReturnType<Library['getDataset']> | undefined;
};
export type ImageStore = PublicOf<ImageRepository>;
export type GalleryStore = PublicOf<Gallery>;
export type ImportStore = PublicOf<ImportRepository>;
export type RunStore = PublicOf<RunRepository>;
export type SnapshotStore = PublicOf<SnapshotRepository>;
export type ModelStore = PublicOf<ModelRepository>;
export type TensorStore = PublicOf<TensorRepository>;
export type EmbeddingStore = PublicOf<EmbeddingRepository>;
export type BlobFiles = PublicOf<BlobStore>;
export type UploadFiles = PublicOf<UploadStore>;
export type CalibrationStore = PublicOf<CalibrationRepository>;

/** Every store of one library, each built once when the library is opened. */
export interface LibraryStores {
  readonly datasets: DatasetStore;
  readonly images: ImageStore;
  readonly gallery: GalleryStore;
  readonly imports: ImportStore;
  readonly runs: RunStore;
  readonly snapshots: SnapshotStore;
  readonly models: ModelStore;
  readonly tensors: TensorStore;
  readonly embeddings: EmbeddingStore;
  readonly blobs: BlobFiles;
  readonly uploads: UploadFiles;
  readonly calibrations: CalibrationStore;
}
