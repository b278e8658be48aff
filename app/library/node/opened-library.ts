import { join } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';
import { BlobStore } from './blob-store.js';
import type { Sqlite } from './database.js';
import { migrate, needsMigration, openDatabase, quickCheck } from './database.js';
import { Gallery } from './gallery.js';
import { ImageRepository } from './image-repository.js';
import { ImportRepository } from './import-repository.js';
import type { LibraryLock, LockOwner } from './library-lock.js';
import { acquireLibraryLock } from './library-lock.js';
import {
  checkExistingLibrary,
  databaseError,
  folderError,
  prepareLibraryFolder,
} from './library-problems.js';
import { ModelRepository } from './model-repository.js';
import { CalibrationRepository } from './calibration-repository.js';
import { RunRepository } from './run-repository.js';
import { SnapshotRepository } from './snapshot-repository.js';
import { SqliteLibrary } from './sqlite-library.js';
import type { LibraryStores } from './stores.js';
import { TensorRepository } from './tensor-repository.js';
import { EmbeddingRepository } from './embedding-repository.js';
import { UploadStore } from './upload-store.js';

/** One library directory, opened: its stores, where it lives, and how to close it. */
export interface OpenedLibrary {
  readonly dir: string;
  /** The database file, which the engine process opens read-only to read training tensors. */
  readonly dbPath: string;
  readonly stores: LibraryStores;
  /** Whether this process may write: it holds the lock and the database is sound. */
  readonly isWritable: boolean;
  /** What `quick_check` found wrong with the database (then it is open read-only), or null. */
  readonly damage: string | null;
  close(): void;
}

/**
 * How to open: `write` takes the library's lock (creating the library if needed) and tidies
 * what a killed owner left; `read` opens an existing database read-only, takes no lock and
 * changes nothing, so it works while another process owns the library.
 */
export type LibraryAccess =
  { readonly access: 'write'; readonly owner: LockOwner } | { readonly access: 'read' };

export function databasePath(libraryDir: string): string {
  return join(libraryDir, 'fovea.db');
}

export async function openLibrary(dir: string, how: LibraryAccess): Promise<OpenedLibrary> {
  return how.access === 'write'
    ? openForWriting(dir, how.owner)
    : Promise.resolve(openForReading(dir));
}

/**
 * The owner's open. Only the lock's holder recovers: imports still marked running and runs still
 * marked active become interrupted (what they committed stays), old soft-deleted images are
 * purged, and uploads of an earlier session are removed. A damaged database is left as it is.
 */
async function openForWriting(dir: string, owner: LockOwner): Promise<OpenedLibrary> {
  prepareLibraryFolder(dir);
  let lock: LibraryLock;
  try {
    lock = acquireLibraryLock(dir, owner);
  } catch (error) {
    throw folderError(dir, error) ?? error;
  }
  try {
    const dbPath = databasePath(dir);
    const { db, damage } = openChecked(dir, dbPath);
    const opened = assemble(dir, db, damage, lock);
    if (damage === null) await recover(opened.stores);
    return opened;
  } catch (error) {
    lock.release();
    throw error;
  }
}

function openForReading(dir: string): OpenedLibrary {
  const dbPath = databasePath(dir);
  checkExistingLibrary(dir, dbPath);
  const db = withLibraryErrors(dir, () => openDatabase(dbPath, { readonly: true }));
  try {
    if (needsMigration(db)) {
      throw new FoveaError(
        'conflict',
        `The library ${dir} was written by an older Fovea and needs an upgrade, which only a writing command (or the app) does. Run one, e.g. \`fovea datasets create NAME\`, then try again.`,
      );
    }
    const damage = withLibraryErrors(dir, () => quickCheck(db));
    return assemble(dir, db, damage, undefined);
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens for writing, checks, then migrates; a damaged database is reopened read-only instead. */
function openChecked(dir: string, dbPath: string): { db: Sqlite; damage: string | null } {
  return withLibraryErrors(dir, () => {
    const db = openDatabase(dbPath, { migrate: false });
    let damage: string | null;
    try {
      damage = quickCheck(db);
      if (damage === null) migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    if (damage === null) return { db, damage };
    db.close();
    return { db: openDatabase(dbPath, { readonly: true }), damage };
  });
}

function withLibraryErrors<T>(dir: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    throw databaseError(dir, error) ?? folderError(dir, error) ?? error;
  }
}

function assemble(
  dir: string,
  db: Sqlite,
  damage: string | null,
  lock: LibraryLock | undefined,
): OpenedLibrary {
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
    embeddings: new EmbeddingRepository(db),
    blobs: new BlobStore(join(dir, 'blobs')),
    uploads: new UploadStore(join(dir, 'uploads')),
    calibrations: new CalibrationRepository(db),
  };
  return {
    dir,
    dbPath: databasePath(dir),
    stores,
    isWritable: lock !== undefined && damage === null,
    damage,
    close: () => {
      void stores.blobs.close();
      if (db.open) db.close();
      lock?.release();
    },
  };
}

async function recover(stores: LibraryStores): Promise<void> {
  stores.imports.interruptRunning();
  stores.runs.interruptActive();
  stores.gallery.purgeDeleted();
  await stores.uploads.clear();
  await stores.blobs.removeTemporary();
  await stores.blobs.prepare();
}
