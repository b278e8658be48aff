import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sqlite } from '../../app/library/node/database.js';
import { openDatabase, schemaVersion } from '../../app/library/node/database.js';
import { EmbeddingRepository } from '../../app/library/node/embedding-repository.js';
import { toFloat16 } from '../../app/library/node/float16.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();
const key = { backbone: 'mobilenet-v2', layers: ['block_9_expand_relu', 'block_12_add'] };
const [a, b, c] = ['a', 'b', 'c'].map((letter) => letter.repeat(64)) as [string, string, string];

function addImage(db: Sqlite, datasetId: number, hash: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO images (dataset_id, hash, original_name, original_path, width, height, bytes, format, created_at)
         VALUES (?, ?, 'a.png', '/a.png', 4, 4, 10, 'png', 'now')`,
      )
      .run(datasetId, hash).lastInsertRowid,
  );
}

const vector = (values: number[]) => Buffer.from(toFloat16(new Float32Array(values)).buffer);

describe('migration 010: embeddings by content', () => {
  it('9 → 10 keeps each vector under its image hash and shares it between datasets', () => {
    const path = join(temporaryFolder('fovea-db-'), 'fovea.db');
    const v9 = openDatabase(path, { migrations: migrations.slice(0, 9) });
    v9.prepare(
      "INSERT INTO datasets (name, created_at) VALUES ('pets', 'now'), ('more', 'now')",
    ).run();
    const first = addImage(v9, 1, a);
    const second = addImage(v9, 1, b);
    const insert = v9.prepare(
      `INSERT INTO embeddings (image_id, backbone, layers, dimension, data) VALUES (?, ?, ?, 3, ?)`,
    );
    insert.run(first, key.backbone, key.layers.join(','), vector([0.5, -2, 1000]));
    insert.run(second, key.backbone, key.layers.join(','), vector([0, 3.25, -0.125]));
    v9.close();

    const v10 = openDatabase(path, { migrations: migrations.slice(0, 10) });
    expect(schemaVersion(v10)).toBe(10);
    const repository = new EmbeddingRepository(v10);
    expect(repository.cached(key, [a, b, c])).toEqual(new Set([a, b]));
    expect([...repository.read(key, [a]).get(a)!]).toEqual([0.5, -2, 1000]);
    // The same photo imported into the other dataset finds its embedding.
    const duplicate = addImage(v10, 2, a);
    expect(repository.cached(key, [a])).toEqual(new Set([a]));
    repository.insertAll(key, [{ hash: c, values: new Float32Array([1, 2, 3]) }]);
    expect(repository.count(key)).toBe(3);

    // Purging one of two images of a content keeps its embedding; purging the last removes it.
    v10.prepare('DELETE FROM images WHERE id = ?').run(first);
    expect(repository.cached(key, [a, b])).toEqual(new Set([a, b]));
    v10.prepare('DELETE FROM images WHERE id = ?').run(duplicate);
    expect(repository.cached(key, [a, b])).toEqual(new Set([b]));
    // A dataset's delete cascades to its images, and so to the embeddings only they held.
    v10.prepare('DELETE FROM datasets WHERE id = 1').run();
    expect(repository.cached(key, [a, b])).toEqual(new Set());
    // A content no image holds (embedded, then its import failed) is not removed by a trigger.
    expect(repository.cached(key, [c])).toEqual(new Set([c]));
    v10.close();
  });
});
