/**
 * Reads training batches straight from the library database, read-only: the uint8 tensors the
 * import stored per image and size (`tensors(image_id, size, data)`), one prepared statement.
 */
import Database from 'better-sqlite3';
import { FoveaError } from '../../base/common/errors.js';
import type { Batch, DataPlan, DataSource, Split } from '../common/data-source.js';
import { splits } from '../common/data-source.js';

export class SqliteDataSource implements DataSource {
  readonly classes: readonly string[];
  readonly size: number;
  readonly #db: Database.Database;
  readonly #select: Database.Statement<[number, number], { data: Buffer }>;

  constructor(private readonly plan: DataPlan) {
    this.classes = plan.classes;
    this.size = plan.size;
    checkPlan(plan);
    try {
      this.#db = new Database(plan.dbPath, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new FoveaError(
        'io',
        `Cannot open the library database ${plan.dbPath}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    try {
      this.#select = this.#db.prepare('SELECT data FROM tensors WHERE image_id = ? AND size = ?');
    } catch (error) {
      this.#db.close();
      throw new FoveaError(
        'io',
        `The library database has no training tensors: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  count(split: Split): number {
    return this.plan.splits[split].length;
  }

  readBatch(split: Split, indices: readonly number[]): Batch {
    const items = this.plan.splits[split];
    const imageBytes = this.size * this.size * 3;
    const x = new Uint8Array(indices.length * imageBytes);
    const y = new Int32Array(indices.length);
    indices.forEach((index, position) => {
      const item = items[index];
      if (item === undefined)
        throw new FoveaError(
          'invalid_argument',
          `There is no image ${index} in the ${split} split.`,
        );
      const row = this.#select.get(item.imageId, this.size);
      if (row === undefined)
        throw new FoveaError(
          'not_found',
          `Image ${item.imageId} has no ${this.size}×${this.size} tensor; import it again.`,
        );
      if (row.data.length !== imageBytes)
        throw new FoveaError(
          'io',
          `The ${this.size}×${this.size} tensor of image ${item.imageId} has ${row.data.length} bytes, not ${imageBytes}.`,
        );
      x.set(row.data, position * imageBytes);
      y[position] = item.label;
    });
    return { x, y };
  }

  close(): void {
    this.#db.close();
  }
}

function checkPlan(plan: DataPlan): void {
  if (!Number.isInteger(plan.size) || plan.size < 1)
    throw new FoveaError(
      'invalid_argument',
      `The input size must be a positive whole number, got ${plan.size}.`,
    );
  for (const split of splits) {
    for (const item of plan.splits[split]) {
      if (!Number.isInteger(item.label) || item.label < 0 || item.label >= plan.classes.length)
        throw new FoveaError(
          'invalid_argument',
          `Image ${item.imageId} in the ${split} split has label ${item.label}, but there are ${plan.classes.length} classes.`,
        );
    }
  }
}
