import type { ImageDetail, ImageFilter, ImageIndex, ImageStatus } from '../common/images.js';
import { splitCodes } from '../common/images.js';
import type { LibraryMatch } from '../common/classification.js';
import type { Split } from '../common/types.js';
import type { Fit } from '../../images/common/fit.js';
import type { Sqlite } from './database.js';

export interface NewImage {
  readonly datasetId: number;
  readonly classId: number | null;
  readonly split: Split | null;
  readonly hash: string;
  readonly originalName: string;
  readonly originalPath: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly format: string;
  readonly thumbnail: Uint8Array;
  readonly thumbnailMime: string;
  readonly tensor: Uint8Array;
  readonly tensorSize: number;
}

interface DetailRow {
  id: number;
  dataset_id: number;
  class_id: number | null;
  class_name: string | null;
  split: Split | null;
  status: ImageStatus;
  hash: string;
  original_name: string;
  original_path: string;
  width: number;
  height: number;
  bytes: number;
  format: string;
  created_at: string;
}

interface IndexRow {
  id: number;
  class_id: number | null;
  split: Split | null;
  status: ImageStatus;
}

const live = 'deleted_at IS NULL';

/** All SQL about images, their thumbnails and tensors. */
export class ImageRepository {
  readonly #db: Sqlite;
  readonly #statements;

  constructor(db: Sqlite) {
    this.#db = db;
    this.#statements = {
      findByHash: db.prepare<
        [number, string],
        { id: number; class_id: number | null; deleted_at: string | null }
      >('SELECT id, class_id, deleted_at FROM images WHERE dataset_id = ? AND hash = ?'),
      insertImage: db.prepare(
        `INSERT INTO images (dataset_id, class_id, split, hash, original_name, original_path, width, height, bytes, format, created_at)
         VALUES (@datasetId, @classId, @split, @hash, @originalName, @originalPath, @width, @height, @bytes, @format, @createdAt)`,
      ),
      insertThumbnail: db.prepare<[number, string, Uint8Array]>(
        'INSERT INTO thumbnails (image_id, mime, data) VALUES (?, ?, ?)',
      ),
      insertTensor: db.prepare<[number, number, Uint8Array]>(
        // The import squashes (process-image.ts); other fits are made on demand (tensor-cache.ts).
        "INSERT INTO tensors (image_id, size, fit, data) VALUES (?, ?, 'squash', ?)",
      ),
      hardDelete: db.prepare<[number]>('DELETE FROM images WHERE id = ?'),
      markConflict: db.prepare<[number]>("UPDATE images SET status = 'conflict' WHERE id = ?"),
      detail: db.prepare<[number], DetailRow>(
        `SELECT i.id, i.dataset_id, i.class_id, c.name AS class_name, i.split, i.status, i.hash, i.original_name,
                i.original_path, i.width, i.height, i.bytes, i.format, i.created_at
         FROM images i LEFT JOIN classes c ON c.id = i.class_id WHERE i.id = ? AND i.${live}`,
      ),
      originalName: db.prepare<[number], { original_name: string }>(
        'SELECT original_name FROM images WHERE id = ?',
      ),
      thumbnail: db.prepare<[number], { mime: string; data: Buffer }>(
        `SELECT t.mime, t.data FROM thumbnails t JOIN images i ON i.id = t.image_id WHERE t.image_id = ?`,
      ),
      purgeDeletedBefore: db.prepare<[string]>(
        'DELETE FROM images WHERE deleted_at IS NOT NULL AND deleted_at < ?',
      ),
      referencedHash: db.prepare<[string], { found: number }>(
        'SELECT 1 AS found FROM images WHERE hash = ? LIMIT 1',
      ),
      classCounts: db.prepare<[number], { name: string; count: number }>(
        `SELECT c.name, (SELECT count(*) FROM images i WHERE i.class_id = c.id AND i.${live}) AS count
         FROM classes c WHERE c.dataset_id = ? ORDER BY c.id`,
      ),
    };
  }

  findByHash(
    datasetId: number,
    hash: string,
  ): { id: number; classId: number | null; isDeleted: boolean } | undefined {
    const row = this.#statements.findByHash.get(datasetId, hash);
    return row && { id: row.id, classId: row.class_id, isDeleted: row.deleted_at !== null };
  }

  /** Inserts an image with its thumbnail and tensor; call inside a transaction. */
  insert(image: NewImage): number {
    const id = Number(
      this.#statements.insertImage.run({ ...image, createdAt: new Date().toISOString() })
        .lastInsertRowid,
    );
    this.#statements.insertThumbnail.run(id, image.thumbnailMime, image.thumbnail);
    this.#statements.insertTensor.run(id, image.tensorSize, image.tensor);
    return id;
  }

  hardDelete(id: number): void {
    this.#statements.hardDelete.run(id);
  }

  markConflict(id: number): void {
    this.#statements.markConflict.run(id);
  }

  detail(id: number): ImageDetail | undefined {
    const row = this.#statements.detail.get(id);
    return row && toDetail(row);
  }

  /** The file names the images were imported with ('' for an id that is not there). */
  originalNames(ids: readonly number[]): string[] {
    return ids.map((id) => this.#statements.originalName.get(id)?.original_name ?? '');
  }

  thumbnail(id: number): { mime: string; data: Buffer } | undefined {
    return this.#statements.thumbnail.get(id);
  }

  index(datasetId: number, filter: ImageFilter = {}): ImageIndex {
    const where = [`dataset_id = ?`, live];
    const params: (number | string)[] = [datasetId];
    if (filter.classId === null) where.push('class_id IS NULL');
    else if (filter.classId !== undefined) {
      where.push('class_id = ?');
      params.push(filter.classId);
    }
    if (filter.split === 'none') where.push('split IS NULL');
    else if (filter.split !== undefined) {
      where.push('split = ?');
      params.push(filter.split);
    }
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    const rows = this.#db
      .prepare<(number | string)[], IndexRow>(
        `SELECT id, class_id, split, status FROM images WHERE ${where.join(' AND ')} ORDER BY id`,
      )
      .all(...params);
    const index: ImageIndex = {
      ids: new Int32Array(rows.length),
      classIds: new Int32Array(rows.length),
      splits: new Uint8Array(rows.length),
      statuses: new Uint8Array(rows.length),
    };
    rows.forEach((row, i) => {
      index.ids[i] = row.id;
      index.classIds[i] = row.class_id ?? 0;
      index.splits[i] = splitCodes.indexOf(row.split);
      index.statuses[i] = row.status === 'conflict' ? 1 : 0;
    });
    return index;
  }

  /** Runs `UPDATE images SET <assignment> WHERE id IN (…)` over the ids in chunks; returns rows changed. */
  updateMany(ids: readonly number[], assignment: string, value: number | string | null): number {
    let changed = 0;
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const sql = `UPDATE images SET ${assignment} WHERE id IN (${chunk.map(() => '?').join(',')})`;
      changed += this.#db.prepare(sql).run(value, ...chunk).changes;
    }
    return changed;
  }

  datasetsOf(ids: readonly number[]): number[] {
    if (ids.length === 0) return [];
    const rows = this.#db
      .prepare<number[], { dataset_id: number }>(
        `SELECT DISTINCT dataset_id FROM images WHERE id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(...ids.slice(0, 30_000));
    return rows.map((row) => row.dataset_id);
  }

  /**
   * Labelled, settled images that have a tensor of `size` (squashed, as the import makes them; a
   * run with another fit makes its own from the originals): what a training run can use.
   */
  trainable(
    datasetId: number,
    size: number,
    fit: Fit = 'squash',
  ): { id: number; classId: number; split: Split | null }[] {
    return this.#db
      .prepare<[number, Fit, number], { id: number; class_id: number; split: Split | null }>(
        `SELECT i.id, i.class_id, i.split FROM images i JOIN tensors t ON t.image_id = i.id AND t.size = ? AND t.fit = ?
         WHERE i.dataset_id = ? AND i.class_id IS NOT NULL AND i.${live} AND i.status = 'ok' ORDER BY i.id`,
      )
      .all(size, fit, datasetId)
      .map((row) => ({ id: row.id, classId: row.class_id, split: row.split }));
  }

  /** The first live image of a dataset with a tensor of `size` (a probe when a plan has none). */
  firstWithTensor(datasetId: number, size: number, fit: Fit = 'squash'): number | undefined {
    return this.#db
      .prepare<[number, Fit, number], { id: number }>(
        `SELECT i.id FROM images i JOIN tensors t ON t.image_id = i.id AND t.size = ? AND t.fit = ?
         WHERE i.dataset_id = ? AND i.${live} ORDER BY i.id LIMIT 1`,
      )
      .get(size, fit, datasetId)?.id;
  }

  /** Runs `work` in one transaction (an import writes its images in batches). */
  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }

  purgeDeletedBefore(isoTime: string): number {
    return this.#statements.purgeDeletedBefore.run(isoTime).changes;
  }

  isHashReferenced(hash: string): boolean {
    return this.#statements.referencedHash.get(hash) !== undefined;
  }

  /** Where a file with this SHA-256 sits in the library (live images), first imported first. */
  locate(hash: string): LibraryMatch | undefined {
    const row = this.#db
      .prepare<
        [string],
        { id: number; dataset_id: number; dataset_name: string; class_name: string | null }
      >(
        `SELECT i.id, i.dataset_id, d.name AS dataset_name, c.name AS class_name
         FROM images i JOIN datasets d ON d.id = i.dataset_id LEFT JOIN classes c ON c.id = i.class_id
         WHERE i.hash = ? AND i.${live} ORDER BY i.id LIMIT 1`,
      )
      .get(hash);
    return (
      row && {
        imageId: row.id,
        datasetId: row.dataset_id,
        datasetName: row.dataset_name,
        className: row.class_name,
      }
    );
  }

  classCounts(datasetId: number): Record<string, number> {
    return Object.fromEntries(
      this.#statements.classCounts.all(datasetId).map((row) => [row.name, row.count]),
    );
  }
}

function toDetail(row: DetailRow): ImageDetail {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    classId: row.class_id,
    className: row.class_name,
    split: row.split,
    status: row.status,
    hash: row.hash,
    originalName: row.original_name,
    originalPath: row.original_path,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    format: row.format,
    createdAt: row.created_at,
  };
}
