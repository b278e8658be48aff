import type {
  ImportConflict,
  ImportRefusal,
  ImportStatus,
  ImportSummary,
} from '../common/images.js';
import type { Sqlite } from './database.js';

interface ImportRow {
  id: number;
  dataset_id: number;
  status: ImportStatus;
  started_at: string;
  finished_at: string | null;
  total: number;
  imported: number;
  duplicates: number;
  skipped: number;
  report: string;
}

interface Report {
  failed?: ImportRefusal[];
  conflicts?: ImportConflict[];
  message?: string;
}

export interface ImportCounters {
  total: number;
  imported: number;
  duplicates: number;
  skipped: number;
  failed: ImportRefusal[];
  conflicts: ImportConflict[];
}

/** All SQL about import records. */
export class ImportRepository {
  readonly #statements;

  constructor(db: Sqlite) {
    this.#statements = {
      insert: db.prepare<[number, string]>(
        "INSERT INTO imports (dataset_id, status, started_at) VALUES (?, 'running', ?)",
      ),
      update: db.prepare(
        `UPDATE imports SET total = @total, imported = @imported, duplicates = @duplicates, skipped = @skipped,
           failed = @failedCount, conflicts = @conflictCount, report = @report WHERE id = @id`,
      ),
      finish: db.prepare<[ImportStatus, string, number]>(
        'UPDATE imports SET status = ?, finished_at = ? WHERE id = ?',
      ),
      get: db.prepare<[number], ImportRow>('SELECT * FROM imports WHERE id = ?'),
      list: db.prepare<[number], ImportRow>(
        'SELECT * FROM imports WHERE dataset_id = ? ORDER BY id DESC LIMIT 20',
      ),
      interruptRunning: db.prepare<[string]>(
        "UPDATE imports SET status = 'interrupted', finished_at = ? WHERE status = 'running'",
      ),
    };
  }

  create(datasetId: number): number {
    return Number(this.#statements.insert.run(datasetId, new Date().toISOString()).lastInsertRowid);
  }

  save(id: number, counters: ImportCounters, message: string | null = null): void {
    const report: Report = { failed: counters.failed, conflicts: counters.conflicts };
    if (message) report.message = message;
    this.#statements.update.run({
      id,
      total: counters.total,
      imported: counters.imported,
      duplicates: counters.duplicates,
      skipped: counters.skipped,
      failedCount: counters.failed.length,
      conflictCount: counters.conflicts.length,
      report: JSON.stringify(report),
    });
  }

  finish(id: number, status: ImportStatus): void {
    this.#statements.finish.run(status, new Date().toISOString(), id);
  }

  /** `classCounts` gives the images per class of the import's dataset, as it is now. */
  get(
    id: number,
    classCounts: (datasetId: number) => Record<string, number>,
  ): ImportSummary | undefined {
    const row = this.#statements.get.get(id);
    return row && toSummary(row, classCounts(row.dataset_id));
  }

  list(datasetId: number, classes: Record<string, number>): ImportSummary[] {
    return this.#statements.list.all(datasetId).map((row) => toSummary(row, classes));
  }

  /** Imports left running by a killed process: what they committed stays; they can be run again. */
  interruptRunning(): number {
    return this.#statements.interruptRunning.run(new Date().toISOString()).changes;
  }
}

function toSummary(row: ImportRow, classes: Record<string, number>): ImportSummary {
  const report = JSON.parse(row.report) as Report;
  return {
    id: row.id,
    datasetId: row.dataset_id,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    total: row.total,
    imported: row.imported,
    duplicates: row.duplicates,
    skipped: row.skipped,
    failed: report.failed ?? [],
    conflicts: report.conflicts ?? [],
    classes,
    message: report.message ?? null,
  };
}
