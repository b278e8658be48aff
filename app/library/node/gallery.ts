import { FoveaError } from '../../base/common/errors.js';
import type {
  ImageDetail,
  ImageFilter,
  ImageIndex,
  SplitCounts,
  SplitPercentages,
} from '../common/images.js';
import { seededRandom } from '../../base/common/random.js';
import { planSplits, validatePercentages } from '../common/splits.js';
import type { Split } from '../common/types.js';
import type { Sqlite } from './database.js';
import type { ImageRepository } from './image-repository.js';

/** Undone deletes are kept this long before they are purged for good. */
export const deletedRetentionMs = 24 * 60 * 60 * 1000;

/** What the gallery does with images: list, inspect, relabel, move between splits, delete/undo. */
export class Gallery {
  readonly #db: Sqlite;
  readonly #images: ImageRepository;

  constructor(db: Sqlite, images: ImageRepository) {
    this.#db = db;
    this.#images = images;
  }

  index(datasetId: number, filter: ImageFilter = {}): ImageIndex {
    return this.#images.index(datasetId, filter);
  }

  originalNames(ids: readonly number[]): string[] {
    return this.#images.originalNames(ids);
  }

  detail(id: number): ImageDetail {
    const found = this.#images.detail(id);
    if (!found)
      throw new FoveaError(
        'not_found',
        `There is no image with id ${id}; it may have been deleted.`,
      );
    return found;
  }

  thumbnail(id: number): { mime: string; data: Buffer } | undefined {
    return this.#images.thumbnail(id);
  }

  /** Relabels images (a conflict is resolved by choosing a class). Returns the datasets touched. */
  setClass(ids: readonly number[], classId: number | null): number[] {
    return this.#db.transaction(() => {
      const datasets = this.#images.datasetsOf(ids);
      if (classId !== null) {
        const owner = this.#db
          .prepare<[number], { dataset_id: number }>('SELECT dataset_id FROM classes WHERE id = ?')
          .get(classId);
        if (!owner) throw new FoveaError('not_found', `There is no class with id ${classId}.`);
        if (datasets.some((d) => d !== owner.dataset_id)) {
          throw new FoveaError(
            'invalid_argument',
            'Images can only get a class of their own dataset.',
          );
        }
      }
      this.#images.updateMany(ids, "class_id = ?, status = 'ok'", classId);
      return datasets;
    })();
  }

  setSplit(ids: readonly number[], split: Split | null): number[] {
    return this.#db.transaction(() => {
      this.#images.updateMany(ids, 'split = ?', split);
      return this.#images.datasetsOf(ids);
    })();
  }

  /** Soft delete: `restore` undoes it until the rows are purged. */
  delete(ids: readonly number[]): number {
    return this.#images.updateMany(ids, 'deleted_at = ?', new Date().toISOString());
  }

  restore(ids: readonly number[]): number {
    return this.#images.updateMany(ids, 'deleted_at = ?', null);
  }

  purgeDeleted(now: number = Date.now()): number {
    return this.#images.purgeDeletedBefore(new Date(now - deletedRetentionMs).toISOString());
  }

  splitCounts(datasetId: number): SplitCounts {
    const rows = this.#db
      .prepare<[number], { split: Split | null; count: number }>(
        'SELECT split, count(*) AS count FROM images WHERE dataset_id = ? AND deleted_at IS NULL GROUP BY split',
      )
      .all(datasetId);
    const counts = { train: 0, val: 0, test: 0, none: 0 };
    for (const row of rows) counts[row.split ?? 'none'] = row.count;
    return counts;
  }

  /**
   * Stratified, seeded assignment of the images that have no split yet (labelled ones only; an
   * image without a class cannot be trained on). Choices already made stay.
   */
  assignSplits(datasetId: number, percentages: SplitPercentages, seed: number): SplitCounts {
    validatePercentages(percentages);
    this.#db.transaction(() => {
      const classes = this.#db
        .prepare<[number], { id: number }>('SELECT id FROM classes WHERE dataset_id = ?')
        .all(datasetId);
      const update = this.#db.prepare<[Split, number]>('UPDATE images SET split = ? WHERE id = ?');
      for (const { id: classId } of classes) {
        const rows = this.#db
          .prepare<[number], { id: number; split: Split | null }>(
            'SELECT id, split FROM images WHERE class_id = ? AND deleted_at IS NULL ORDER BY id',
          )
          .all(classId);
        const assigned = { train: 0, val: 0, test: 0 };
        const unassigned: number[] = [];
        for (const row of rows) {
          if (row.split) assigned[row.split] += 1;
          else unassigned.push(row.id);
        }
        for (const [imageId, split] of planSplits(
          unassigned,
          assigned,
          percentages,
          seededRandom(seed * 7919 + classId),
        )) {
          update.run(split, imageId);
        }
      }
    })();
    return this.splitCounts(datasetId);
  }

  /**
   * Forgets every image's split and assigns them all again: stratified per class and seeded, so
   * the same seed on the same images gives the same splits. The result is stored (sticky).
   */
  resplitAll(datasetId: number, percentages: SplitPercentages, seed: number): SplitCounts {
    validatePercentages(percentages);
    return this.#db.transaction(() => {
      this.#db
        .prepare<[number]>(
          'UPDATE images SET split = NULL WHERE dataset_id = ? AND deleted_at IS NULL',
        )
        .run(datasetId);
      return this.assignSplits(datasetId, percentages, seed);
    })();
  }
}
