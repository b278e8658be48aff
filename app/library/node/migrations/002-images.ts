import type { Migration } from './migration.js';

/** Images, their thumbnails and their training tensors (uint8 RGB, HWC, size × size × 3). */
export const images: Migration = {
  version: 2,
  name: 'images, thumbnails and tensors',
  sql: `
    CREATE TABLE images (
      id INTEGER PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
      class_id INTEGER REFERENCES classes (id) ON DELETE SET NULL,
      split TEXT CHECK (split IN ('train', 'val', 'test')),
      hash TEXT NOT NULL,
      original_name TEXT NOT NULL,
      original_path TEXT NOT NULL,
      width INTEGER NOT NULL,
      height INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      format TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'conflict')),
      created_at TEXT NOT NULL,
      UNIQUE (dataset_id, hash)
    ) STRICT;
    CREATE INDEX images_by_class ON images (dataset_id, class_id);
    CREATE INDEX images_by_hash ON images (hash);
    CREATE TABLE thumbnails (
      image_id INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
      mime TEXT NOT NULL,
      data BLOB NOT NULL
    ) STRICT;
    CREATE TABLE tensors (
      image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
      size INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (image_id, size)
    ) STRICT;
  `,
};
