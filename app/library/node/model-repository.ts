import type { RunId } from '../../engine/common/run-id.js';
import type { Sqlite } from './database.js';

export interface SavedModel {
  readonly runId: RunId;
  readonly format: 'tfjs-layers';
  /** Relative to the library directory, e.g. `models/12`. */
  readonly path: string;
  readonly bytes: number;
  readonly inputSize: number;
  readonly classes: readonly string[];
  readonly createdAt: string;
}

interface ModelRow {
  run_id: number;
  format: 'tfjs-layers';
  path: string;
  bytes: number;
  input_size: number;
  classes: string;
  created_at: string;
}

/** All SQL about saved models. */
export class ModelRepository {
  readonly #statements;

  constructor(db: Sqlite) {
    this.#statements = {
      upsert: db.prepare(
        `INSERT OR REPLACE INTO models (run_id, format, path, bytes, input_size, classes, created_at)
         VALUES (@runId, @format, @path, @bytes, @inputSize, @classes, @createdAt)`,
      ),
      get: db.prepare<[number], ModelRow>('SELECT * FROM models WHERE run_id = ?'),
      paths: db.prepare<[], { path: string }>('SELECT path FROM models'),
    };
  }

  record(model: Omit<SavedModel, 'createdAt'>): void {
    this.#statements.upsert.run({
      ...model,
      classes: JSON.stringify(model.classes),
      createdAt: new Date().toISOString(),
    });
  }

  get(runId: RunId): SavedModel | undefined {
    const row = this.#statements.get.get(runId);
    return (
      row && {
        runId: row.run_id,
        format: row.format,
        path: row.path,
        bytes: row.bytes,
        inputSize: row.input_size,
        classes: JSON.parse(row.classes) as string[],
        createdAt: row.created_at,
      }
    );
  }

  /** Paths of every recorded model, to tell leftover folders (of deleted runs) from live ones. */
  paths(): Set<string> {
    return new Set(this.#statements.paths.all().map((row) => row.path));
  }
}
