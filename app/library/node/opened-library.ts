import { join } from 'node:path';
import { BlobStore } from './blob-store.js';
import { openDatabase } from './database.js';
import { Gallery } from './gallery.js';
import { ImageRepository } from './image-repository.js';
import { ImportRepository } from './import-repository.js';
import { ModelRepository } from './model-repository.js';
import { CalibrationRepository } from './calibration-repository.js';
import { RunRepository } from './run-repository.js';
import { SnapshotRepository } from './snapshot-repository.js';
import { SqliteLibrary } from './sqlite-library.js';
import type { LibraryStores } from './stores.js';
import { TensorRepository } from './tensor-repository.js';
import { UploadStore } from './upload-store.js';

/** One library directory, opened: its stores, where it lives, and how to close it. */
export interface OpenedLibrary {
  readonly dir: string;
  /** The database file, which the engine process opens read-only to read training tensors. */
  readonly dbPath: string;
  readonly stores: LibraryStores;
  close(): void;
}

export function databasePath(libraryDir: string): string {
  return join(libraryDir, 'fovea.db');
}

/**
 * Opens a library and tidies what a killed process may have left: imports still marked running
 * and runs still marked active become interrupted (what they committed stays), old soft-deleted
 * images are purged, and abandoned uploads are removed.
 */
export async function openLibrary(dir: string): Promise<OpenedLibrary> {
  const dbPath = databasePath(dir);
  const db = openDatabase(dbPath);
  const images = new ImageRepository(db);
  const stores: LibraryStores = {
    datasets: new SqliteLibrary(db),
    images,
    gallery: new Gallery(db, images),
    imports: new ImportRepository(db),
    runs: new RunRepository(db),
    snapshots: new SnapshotRepository(db),
    models: new ModelRepository(db),
    tensors: new TensorRepository(db),
    blobs: new BlobStore(join(dir, 'blobs')),
    uploads: new UploadStore(join(dir, 'uploads')),
    calibrations: new CalibrationRepository(db),
  };
  stores.imports.interruptRunning();
  stores.runs.interruptActive();
  stores.gallery.purgeDeleted();
  await stores.uploads.clear();
  return {
    dir,
    dbPath,
    stores,
    close: () => {
      if (db.open) db.close();
    },
  };
}
