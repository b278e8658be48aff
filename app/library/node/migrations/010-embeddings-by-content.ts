import type { Migration } from './migration.js';

/**
 * Embeddings keyed by the image's content (its SHA-256, as blobs are) instead of its row: the same
 * photo imported into another dataset, or again after a delete, reuses its embedding. Rows of
 * 009 keep their vectors under their image's hash. A hash no image row holds any more (the last one
 * purged, or its dataset deleted) takes its embeddings with it, by trigger; a soft-deleted image
 * still holds its row, so a restore finds its embedding.
 */
export const embeddingsByContent: Migration = {
  version: 10,
  name: 'embeddings by content',
  sql: `
    CREATE TABLE embeddings_by_hash (
      hash TEXT NOT NULL,
      backbone TEXT NOT NULL,
      layers TEXT NOT NULL,
      dimension INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (hash, backbone, layers)
    ) STRICT;
    INSERT OR IGNORE INTO embeddings_by_hash (hash, backbone, layers, dimension, data)
      SELECT images.hash, embeddings.backbone, embeddings.layers, embeddings.dimension,
             embeddings.data
      FROM embeddings JOIN images ON images.id = embeddings.image_id;
    DROP TABLE embeddings;
    ALTER TABLE embeddings_by_hash RENAME TO embeddings;
    CREATE TRIGGER embeddings_forget_content AFTER DELETE ON images
      WHEN NOT EXISTS (SELECT 1 FROM images WHERE hash = OLD.hash)
      BEGIN
        DELETE FROM embeddings WHERE hash = OLD.hash;
      END;
  `,
};
