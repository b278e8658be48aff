import type { Migration } from './migration.js';

/** Training runs and their per-batch and per-epoch metrics. */
export const runs: Migration = {
  version: 4,
  name: 'training runs and metrics',
  sql: `
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
      preset TEXT,
      spec TEXT NOT NULL,
      config TEXT NOT NULL,
      classes TEXT NOT NULL,
      input_size INTEGER NOT NULL,
      train_count INTEGER NOT NULL,
      val_count INTEGER NOT NULL,
      test_count INTEGER NOT NULL,
      backend TEXT,
      status TEXT NOT NULL CHECK (status IN ('preparing', 'training', 'paused', 'completed', 'failed', 'stopped', 'interrupted')),
      message TEXT,
      created_at TEXT NOT NULL,
      finished_at TEXT,
      images_per_second REAL,
      epochs_run INTEGER NOT NULL DEFAULT 0,
      best_epoch INTEGER,
      best_val_loss REAL,
      val_accuracy REAL,
      test_accuracy REAL,
      test_report TEXT
    ) STRICT;
    CREATE INDEX runs_by_dataset ON runs (dataset_id, id);
    CREATE TABLE run_metrics (
      run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('batch', 'epoch')),
      step INTEGER NOT NULL,
      epoch INTEGER NOT NULL,
      loss REAL NOT NULL,
      accuracy REAL NOT NULL,
      val_loss REAL,
      val_accuracy REAL,
      images_per_second REAL,
      PRIMARY KEY (run_id, kind, step)
    ) STRICT;
  `,
};
