/**
 * The engine's data source in the engine process: reads training batches straight from the
 * library database, read-only, through the tensor repository (the uint8 tensors the import stored
 * per image and size). The engine knows it only as engine/common's `DataSource`.
 */
import { FoveaError } from '../../base/common/errors.js';
import type {
  Batch,
  ClosableDataSource,
  DataPlan,
  Split,
} from '../../engine/common/data-source.js';
import { splits } from '../../engine/common/data-source.js';
import type { Fit } from '../../images/common/fit.js';
import type { Sqlite } from './database.js';
import { openDatabase } from './database.js';
import { TensorRepository } from './tensor-repository.js';

export class SqliteDataSource implements ClosableDataSource {
  readonly classes: readonly string[];
  readonly size: number;
  readonly #fit: Fit;
  readonly #db: Sqlite;
  readonly #tensors: TensorRepository;

  constructor(private readonly plan: DataPlan) {
    this.classes = plan.classes;
    this.size = plan.size;
    this.#fit = plan.fit ?? 'squash';
    checkPlan(plan);
    this.#db = openDatabase(plan.dbPath, { readonly: true });
    try {
      this.#tensors = new TensorRepository(this.#db);
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
      const data = this.#tensors.read(item.imageId, this.size, this.#fit);
      if (data === undefined)
        throw new FoveaError(
          'not_found',
          `Image ${item.imageId} has no ${this.size}×${this.size} tensor; import it again.`,
        );
      if (data.length !== imageBytes)
        throw new FoveaError(
          'io',
          `The ${this.size}×${this.size} tensor of image ${item.imageId} has ${data.length} bytes, not ${imageBytes}.`,
        );
      x.set(data, position * imageBytes);
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
