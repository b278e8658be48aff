/**
 * All SQL about training tensors: one uint8 RGB tensor per image and input size
 * (`tensors(image_id, size, data)`), read by training, the probes and Grad-CAM, and written by the
 * import (with its image, in image-repository.ts) and when another input size is prepared. It
 * needs only that table, so the engine can read a plan's tensors through it.
 */
import type { Sqlite } from './database.js';

export interface StoredTensor {
  readonly imageId: number;
  readonly data: Uint8Array;
}

export class TensorRepository {
  readonly #db: Sqlite;
  readonly #statements;
  readonly #insertAll: (size: number, tensors: readonly StoredTensor[]) => void;

  /** Throws when the database has no `tensors` table. */
  constructor(db: Sqlite) {
    this.#db = db;
    this.#statements = {
      read: db.prepare<[number, number], { data: Buffer }>(
        'SELECT data FROM tensors WHERE image_id = ? AND size = ?',
      ),
      insert: db.prepare<[number, number, Uint8Array]>(
        'INSERT INTO tensors (image_id, size, data) VALUES (?, ?, ?)',
      ),
    };
    this.#insertAll = db.transaction((size: number, tensors: readonly StoredTensor[]) => {
      for (const { imageId, data } of tensors) this.#statements.insert.run(imageId, size, data);
    });
  }

  /** The tensor of an image at `size`, as its own bytes; undefined when it has none. */
  read(imageId: number, size: number): Uint8Array | undefined {
    const row = this.#statements.read.get(imageId, size);
    return row ? new Uint8Array(row.data) : undefined;
  }

  /** Live images of a dataset with no tensor of `size` yet, with the hash of their original. */
  missing(datasetId: number, size: number): { id: number; hash: string }[] {
    return this.#db
      .prepare<[number, number], { id: number; hash: string }>(
        `SELECT i.id, i.hash FROM images i WHERE i.dataset_id = ? AND i.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM tensors t WHERE t.image_id = i.id AND t.size = ?) ORDER BY i.id`,
      )
      .all(datasetId, size);
  }

  /** Stores tensors of `size` in one transaction. */
  insertAll(size: number, tensors: readonly StoredTensor[]): void {
    this.#insertAll(size, tensors);
  }
}
