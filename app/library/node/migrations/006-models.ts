import type { Migration } from './migration.js';

/**
 * Trained models saved in the library (`models/<runId>/`, TensorFlow.js Layers format), one per
 * finished run; deleted with their run.
 */
export const models: Migration = {
  version: 6,
  name: 'saved models',
  sql: `
    CREATE TABLE models (
      run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
      format TEXT NOT NULL CHECK (format IN ('tfjs-layers')),
      path TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      input_size INTEGER NOT NULL,
      classes TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
  `,
};
