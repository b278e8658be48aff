import { FoveaError } from '../../base/common/errors.js';
import type { ClassSummary, DatasetSummary } from '../common/types.js';
import type { Sqlite } from './database.js';

interface DatasetRow {
  id: number;
  name: string;
  input_size: number;
  created_at: string;
  image_count: number;
  unlabeled_count: number;
}
interface ClassRow {
  id: number;
  dataset_id: number;
  name: string;
  image_count: number;
}

/** All SQL about datasets and classes. Callers get domain objects. */
export class DatasetRepository {
  readonly #db: Sqlite;
  readonly #statements;

  constructor(db: Sqlite) {
    this.#db = db;
    const datasetColumns = `d.id, d.name, d.input_size, d.created_at,
      (SELECT count(*) FROM images i WHERE i.dataset_id = d.id AND i.deleted_at IS NULL) AS image_count,
      (SELECT count(*) FROM images i WHERE i.dataset_id = d.id AND i.class_id IS NULL AND i.deleted_at IS NULL) AS unlabeled_count`;
    this.#statements = {
      listDatasets: db.prepare<[], DatasetRow>(
        `SELECT ${datasetColumns} FROM datasets d ORDER BY d.name COLLATE NOCASE`,
      ),
      getDataset: db.prepare<[number], DatasetRow>(
        `SELECT ${datasetColumns} FROM datasets d WHERE d.id = ?`,
      ),
      findDatasetByName: db.prepare<[string], { id: number }>(
        'SELECT id FROM datasets WHERE name = ?',
      ),
      insertDataset: db.prepare<[string, number, string]>(
        'INSERT INTO datasets (name, input_size, created_at) VALUES (?, ?, ?)',
      ),
      renameDataset: db.prepare<[string, number]>('UPDATE datasets SET name = ? WHERE id = ?'),
      deleteDataset: db.prepare<[number]>('DELETE FROM datasets WHERE id = ?'),
      classesOf: db.prepare<[number], ClassRow>(
        `SELECT c.id, c.dataset_id, c.name,
           (SELECT count(*) FROM images i WHERE i.class_id = c.id AND i.deleted_at IS NULL) AS image_count
         FROM classes c WHERE c.dataset_id = ? ORDER BY c.id`,
      ),
      getClass: db.prepare<[number], ClassRow>(
        `SELECT c.id, c.dataset_id, c.name,
           (SELECT count(*) FROM images i WHERE i.class_id = c.id AND i.deleted_at IS NULL) AS image_count
         FROM classes c WHERE c.id = ?`,
      ),
      findClassByName: db.prepare<[number, string], { id: number }>(
        'SELECT id FROM classes WHERE dataset_id = ? AND name = ?',
      ),
      insertClass: db.prepare<[number, string, string]>(
        'INSERT INTO classes (dataset_id, name, created_at) VALUES (?, ?, ?)',
      ),
      renameClass: db.prepare<[string, number]>('UPDATE classes SET name = ? WHERE id = ?'),
      deleteClass: db.prepare<[number]>('DELETE FROM classes WHERE id = ?'),
    };
  }

  listDatasets(): DatasetSummary[] {
    return this.#statements.listDatasets.all().map((row) => this.#toDataset(row));
  }

  findDataset(id: number): DatasetSummary | undefined {
    const row = this.#statements.getDataset.get(id);
    return row ? this.#toDataset(row) : undefined;
  }

  findDatasetIdByName(name: string): number | undefined {
    return this.#statements.findDatasetByName.get(name)?.id;
  }

  insertDataset(name: string, inputSize: number): number {
    return Number(this.#statements.insertDataset.run(name, inputSize, now()).lastInsertRowid);
  }

  renameDataset(id: number, name: string): void {
    this.#statements.renameDataset.run(name, id);
  }

  deleteDataset(id: number): boolean {
    return this.#statements.deleteDataset.run(id).changes > 0;
  }

  findClass(id: number): ClassSummary | undefined {
    const row = this.#statements.getClass.get(id);
    return row ? toClass(row) : undefined;
  }

  findClassIdByName(datasetId: number, name: string): number | undefined {
    return this.#statements.findClassByName.get(datasetId, name)?.id;
  }

  insertClass(datasetId: number, name: string): number {
    return Number(this.#statements.insertClass.run(datasetId, name, now()).lastInsertRowid);
  }

  renameClass(id: number, name: string): void {
    this.#statements.renameClass.run(name, id);
  }

  deleteClass(id: number): boolean {
    return this.#statements.deleteClass.run(id).changes > 0;
  }

  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }

  #toDataset(row: DatasetRow): DatasetSummary {
    return {
      id: row.id,
      name: row.name,
      inputSize: row.input_size,
      imageCount: row.image_count,
      unlabeledCount: row.unlabeled_count,
      createdAt: row.created_at,
      classes: this.#statements.classesOf.all(row.id).map(toClass),
    };
  }
}

function toClass(row: ClassRow): ClassSummary {
  return { id: row.id, datasetId: row.dataset_id, name: row.name, imageCount: row.image_count };
}

function now(): string {
  return new Date().toISOString();
}

export function notFound(what: string, id: number): FoveaError {
  return new FoveaError(
    'not_found',
    `There is no ${what} with id ${id}; it may have been deleted.`,
  );
}
