import type { Migration } from './migration.js';

export const datasets: Migration = {
  version: 1,
  name: 'datasets and classes',
  sql: `
    CREATE TABLE datasets (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      input_size INTEGER NOT NULL DEFAULT 64 CHECK (input_size BETWEEN 8 AND 512),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE classes (
      id INTEGER PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
      name TEXT NOT NULL COLLATE NOCASE,
      created_at TEXT NOT NULL,
      UNIQUE (dataset_id, name)
    ) STRICT;
  `,
};
