import { FoveaError } from '../../base/common/errors.js';
import type { Library } from '../common/library.js';
import { validateName } from '../common/names.js';
import type { ClassSummary, DatasetSummary } from '../common/types.js';
import type { Sqlite } from './database.js';
import { DatasetRepository, notFound } from './dataset-repository.js';

export const defaultInputSize = 64;

export class SqliteLibrary implements Library {
  readonly #db: Sqlite;
  readonly #datasets: DatasetRepository;

  constructor(db: Sqlite) {
    this.#db = db;
    this.#datasets = new DatasetRepository(db);
  }

  listDatasets(): DatasetSummary[] {
    return this.#datasets.listDatasets();
  }

  getDataset(id: number): DatasetSummary {
    const dataset = this.#datasets.findDataset(id);
    if (!dataset) throw notFound('dataset', id);
    return dataset;
  }

  findDatasetByName(name: string): DatasetSummary | undefined {
    const id = this.#datasets.findDatasetIdByName(name.normalize('NFC').trim());
    return id === undefined ? undefined : this.getDataset(id);
  }

  createDataset(rawName: string, options: { inputSize?: number } = {}): DatasetSummary {
    const name = validateName('dataset', rawName);
    const inputSize = options.inputSize ?? defaultInputSize;
    if (!Number.isInteger(inputSize) || inputSize < 8 || inputSize > 512) {
      throw new FoveaError(
        'invalid_argument',
        `The input size must be a whole number from 8 to 512, not ${inputSize}.`,
      );
    }
    const id = this.#datasets.transaction(() => {
      this.#assertDatasetNameFree(name);
      return this.#datasets.insertDataset(name, inputSize);
    });
    return this.getDataset(id);
  }

  renameDataset(id: number, rawName: string): DatasetSummary {
    const name = validateName('dataset', rawName);
    this.#datasets.transaction(() => {
      this.getDataset(id);
      this.#assertDatasetNameFree(name, id);
      this.#datasets.renameDataset(id, name);
    });
    return this.getDataset(id);
  }

  deleteDataset(id: number): void {
    if (!this.#datasets.deleteDataset(id)) throw notFound('dataset', id);
  }

  createClass(datasetId: number, rawName: string): ClassSummary {
    const name = validateName('class', rawName);
    const id = this.#datasets.transaction(() => {
      const dataset = this.getDataset(datasetId);
      this.#assertClassNameFree(dataset, name);
      return this.#datasets.insertClass(datasetId, name);
    });
    return this.#getClass(id);
  }

  renameClass(id: number, rawName: string): ClassSummary {
    const name = validateName('class', rawName);
    this.#datasets.transaction(() => {
      const existing = this.#getClass(id);
      this.#assertClassNameFree(this.getDataset(existing.datasetId), name, id);
      this.#datasets.renameClass(id, name);
    });
    return this.#getClass(id);
  }

  deleteClass(id: number): void {
    if (!this.#datasets.deleteClass(id)) throw notFound('class', id);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #getClass(id: number): ClassSummary {
    const found = this.#datasets.findClass(id);
    if (!found) throw notFound('class', id);
    return found;
  }

  #assertDatasetNameFree(name: string, exceptId?: number): void {
    const existing = this.#datasets.findDatasetIdByName(name);
    if (existing !== undefined && existing !== exceptId) {
      throw new FoveaError('conflict', `A dataset named "${name}" already exists.`);
    }
  }

  #assertClassNameFree(dataset: DatasetSummary, name: string, exceptId?: number): void {
    const existing = this.#datasets.findClassIdByName(dataset.id, name);
    if (existing !== undefined && existing !== exceptId) {
      throw new FoveaError(
        'conflict',
        `The dataset "${dataset.name}" already has a class named "${name}".`,
      );
    }
  }
}
