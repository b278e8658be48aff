import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../app/library/node/database.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { TensorRepository } from '../../app/library/node/tensor-repository.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

describe('migration 010: tensors keyed by fit', () => {
  it('9 → 10 keeps every tensor as squashed and holds other fits beside it', () => {
    const path = join(temporaryFolder('fovea-db-'), 'fovea.db');
    const v9 = openDatabase(path, { migrations: migrations.slice(0, 9) });
    v9.prepare("INSERT INTO datasets (name, created_at) VALUES ('pets', 'now')").run();
    const imageId = Number(
      v9
        .prepare(
          `INSERT INTO images (dataset_id, hash, original_name, original_path, width, height, bytes, format, created_at)
           VALUES (1, ?, 'a.png', '/a.png', 4, 4, 10, 'png', 'now')`,
        )
        .run('a'.repeat(64)).lastInsertRowid,
    );
    const insert = v9.prepare('INSERT INTO tensors (image_id, size, data) VALUES (?, ?, ?)');
    insert.run(imageId, 2, Buffer.alloc(12, 7));
    insert.run(imageId, 4, Buffer.alloc(48, 9));
    v9.close();

    const v10 = openDatabase(path, { migrations: migrations.slice(0, 10) });
    expect(schemaVersion(v10)).toBe(10);
    const tensors = new TensorRepository(v10);
    expect([...tensors.read(imageId, 2, 'squash')!]).toEqual(Array(12).fill(7));
    expect([...tensors.read(imageId, 4, 'squash')!]).toEqual(Array(48).fill(9));
    expect(tensors.read(imageId, 2, 'crop')).toBeUndefined();
    expect(tensors.missing(1, 2, 'squash')).toEqual([]);
    expect(tensors.missing(1, 2, 'crop')).toEqual([{ id: imageId, hash: 'a'.repeat(64) }]);
    tensors.insertAll(2, 'crop', [{ imageId, data: new Uint8Array(12).fill(1) }]);
    expect([...tensors.read(imageId, 2, 'crop')!]).toEqual(Array(12).fill(1));
    expect(() =>
      v10
        .prepare("INSERT INTO tensors (image_id, size, fit, data) VALUES (?, 2, 'fill', x'00')")
        .run(imageId),
    ).toThrow(/CHECK/);
    v10.prepare('DELETE FROM images WHERE id = ?').run(imageId);
    expect(v10.prepare('SELECT count(*) AS n FROM tensors').get()).toEqual({ n: 0 });
    v10.close();
  });
});
