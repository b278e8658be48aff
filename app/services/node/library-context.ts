import { join } from 'node:path';
import type { Sqlite } from '../../library/node/database.js';
import { openDatabase } from '../../library/node/database.js';
import { BlobStore } from '../../library/node/blob-store.js';
import { Gallery } from '../../library/node/gallery.js';
import { ImageRepository } from '../../library/node/image-repository.js';
import { ImportRepository } from '../../library/node/import-repository.js';
import { RunRepository } from '../../library/node/run-repository.js';
import { SqliteLibrary } from '../../library/node/sqlite-library.js';
import { UploadStore } from '../../library/node/upload-store.js';

/** Everything that lives in one library directory. */
export interface LibraryContext {
  readonly dir: string;
  readonly db: Sqlite;
  readonly library: SqliteLibrary;
  readonly images: ImageRepository;
  readonly gallery: Gallery;
  readonly imports: ImportRepository;
  readonly runs: RunRepository;
  readonly blobs: BlobStore;
  readonly uploads: UploadStore;
  close(): void;
}

export function databasePath(libraryDir: string): string {
  return join(libraryDir, 'fovea.db');
}

/**
 * Opens a library and tidies what a killed process may have left: imports still marked running
 * and runs still marked active become interrupted (what they committed stays), old soft-deleted images are purged, and
 * abandoned uploads are removed.
 */
export async function openLibraryContext(dir: string): Promise<LibraryContext> {
  const db = openDatabase(databasePath(dir));
  const images = new ImageRepository(db);
  const imports = new ImportRepository(db);
  const gallery = new Gallery(db, images);
  const uploads = new UploadStore(join(dir, 'uploads'));
  const runs = new RunRepository(db);
  imports.interruptRunning();
  runs.interruptActive();
  gallery.purgeDeleted();
  await uploads.clear();
  return {
    dir,
    db,
    library: new SqliteLibrary(db),
    images,
    gallery,
    imports,
    runs,
    blobs: new BlobStore(join(dir, 'blobs')),
    uploads,
    close: () => {
      if (db.open) db.close();
    },
  };
}

/** Removes blobs no image refers to any more (after purges and dataset deletes). */
export function collectBlobs(context: LibraryContext): Promise<number> {
  return context.blobs.collect((hash) => context.images.isHashReferenced(hash));
}
