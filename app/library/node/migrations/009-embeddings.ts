import type { Migration } from './migration.js';

/**
 * Embeddings cached per image, backbone and layer set (the layer names joined by commas), as
 * float16 bits, so a second pretrained run on the same images skips the backbone. A deleted image
 * takes its embeddings with it.
 */
export const embeddings: Migration = {
  version: 9,
  name: 'embeddings',
  sql: `
    CREATE TABLE embeddings (
      image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
      backbone TEXT NOT NULL,
      layers TEXT NOT NULL,
      dimension INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (image_id, backbone, layers)
    ) STRICT;
  `,
};
