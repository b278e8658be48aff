import type { Migration } from './migration.js';

/**
 * Training tensors keyed by how the photo was fitted into the square as well as by size
 * (images/common/fit.ts), so one image can hold its squashed, centre-cropped and padded inputs
 * side by side. Every tensor stored before was squashed. SQLite cannot change a primary key in
 * place, so the table is rebuilt.
 */
export const tensorFits: Migration = {
  version: 10,
  name: 'tensor fits',
  sql: `
    CREATE TABLE tensors_by_fit (
      image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
      size INTEGER NOT NULL,
      fit TEXT NOT NULL CHECK (fit IN ('squash', 'crop', 'pad')),
      data BLOB NOT NULL,
      PRIMARY KEY (image_id, size, fit)
    ) STRICT;
    INSERT INTO tensors_by_fit (image_id, size, fit, data)
      SELECT image_id, size, 'squash', data FROM tensors;
    DROP TABLE tensors;
    ALTER TABLE tensors_by_fit RENAME TO tensors;
  `,
};
