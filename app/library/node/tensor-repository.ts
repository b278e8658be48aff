/**
 * All SQL about training tensors: one uint8 RGB tensor per image, input size and fit
 * (`tensors(image_id, size, fit, data)`, images/common/fit.ts), read by training, the probes and Grad-CAM, and written by the
 * import (with its image, in image-repository.ts) and when another input size is prepared. It
 * needs only that table, so the engine can read a plan's tensors through it.
 */
import type { Fit } from '../../images/common/fit.js';
import type { Sqlite } from './database.js';

export interface StoredTensor {
  readonly imageId: number;
  readonly data: Uint8Array;
}

export class TensorRepository {
  readonly #db: Sqlite;
  readonly #statements;
  readonly #insertAll: (size: number, fit: Fit, tensors: readonly StoredTensor[]) => void;

  /** Throws when the database has no `tensors` table. */
  constructor(db: Sqlite) {
    this.#db = db;
    this.#statements = {
      read: db.prepare<[number, number, Fit], { data: Buffer }>(
        'SELECT data FROM tensors WHERE image_id = ? AND size = ? AND fit = ?',
      ),
      insert: db.prepare<[number, number, Fit, Uint8Array]>(
        'INSERT INTO tensors (image_id, size, fit, data) VALUES (?, ?, ?, ?)',
      ),
    };
    this.#insertAll = db.transaction((size: number, fit: Fit, tensors: readonly StoredTensor[]) => {
      for (const { imageId, data } of tensors)
        this.#statements.insert.run(imageId, size, fit, data);
    });
  }

  /** The tensor of an image at `size` and `fit`, as its own bytes; undefined when it has none. */
  read(imageId: number, size: number, fit: Fit): Uint8Array | undefined {
    const row = this.#statements.read.get(imageId, size, fit);
    return row ? new Uint8Array(row.data) : undefined;
  }

  /** Live images of a dataset with no tensor of `size` and `fit` yet, with their original's hash. */
  missing(datasetId: number, size: number, fit: Fit): { id: number; hash: string }[] {
    return this.#db
      .prepare<[number, number, Fit], { id: number; hash: string }>(
        `SELECT i.id, i.hash FROM images i WHERE i.dataset_id = ? AND i.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM tensors t WHERE t.image_id = i.id AND t.size = ? AND t.fit = ?)
         ORDER BY i.id`,
      )
      .all(datasetId, size, fit);
  }

  /** Stores tensors of `size` and `fit` in one transaction. */
  insertAll(size: number, fit: Fit, tensors: readonly StoredTensor[]): void {
    this.#insertAll(size, fit, tensors);
  }
}
