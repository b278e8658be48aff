import type { Migration } from './migration.js';

/**
 * Imports as records (so their refusals can be listed after a reload), and soft deletion of
 * images (so a delete can be undone; purged later).
 */
export const imports: Migration = {
  version: 3,
  name: 'imports and undoable image deletion',
  sql: `
    ALTER TABLE images ADD COLUMN deleted_at TEXT;
    CREATE INDEX images_deleted ON images (deleted_at) WHERE deleted_at IS NOT NULL;
    CREATE TABLE imports (
      id INTEGER PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
      status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
      started_at TEXT NOT NULL,
      finished_at TEXT,
      total INTEGER NOT NULL DEFAULT 0,
      imported INTEGER NOT NULL DEFAULT 0,
      duplicates INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      failed INTEGER NOT NULL DEFAULT 0,
      conflicts INTEGER NOT NULL DEFAULT 0,
      -- JSON: {failed: [{file, reason}], conflicts: [{file, existingClass, newClass}], message?}
      report TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
  `,
};
