import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../app/library/node/database.js';
import { fromFloat16, toFloat16 } from '../../app/library/node/float16.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

function addImage(db: ReturnType<typeof openDatabase>, hash: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO images (dataset_id, hash, original_name, original_path, width, height, bytes, format, created_at)
         VALUES (1, ?, 'a.png', '/a.png', 4, 4, 10, 'png', 'now')`,
      )
      .run(hash).lastInsertRowid,
  );
}

describe('migration 009: embeddings', () => {
  it('8 → 9 keeps images and caches their embeddings per backbone and layer set', () => {
    const path = join(temporaryFolder('fovea-db-'), 'fovea.db');
    const v8 = openDatabase(path, { migrations: migrations.slice(0, 8) });
    v8.prepare("INSERT INTO datasets (name, created_at) VALUES ('pets', 'now')").run();
    const first = addImage(v8, 'a'.repeat(64));
    v8.close();
    const v9 = openDatabase(path, { migrations: migrations.slice(0, 9) });
    expect(schemaVersion(v9)).toBe(9);
    const second = addImage(v9, 'b'.repeat(64));
    // The repository now speaks migration 010's schema; 009's table is checked in SQL.
    const insert = v9.prepare(
      `INSERT INTO embeddings (image_id, backbone, layers, dimension, data) VALUES (?, 'm', 'a,b', 3, ?)`,
    );
    insert.run(first, Buffer.from(toFloat16(new Float32Array([0.5, -2, 1000])).buffer));
    insert.run(second, Buffer.from(toFloat16(new Float32Array([0, 3.25, -0.125])).buffer));
    const rows = () =>
      v9.prepare('SELECT image_id FROM embeddings ORDER BY image_id').all() as {
        image_id: number;
      }[];
    expect(rows().map((row) => row.image_id)).toEqual([first, second]);
    v9.prepare('DELETE FROM images WHERE id = ?').run(first);
    expect(rows().map((row) => row.image_id)).toEqual([second]);
    v9.close();
  });
});

describe('float16', () => {
  it('keeps about three significant digits, signs, zeros, subnormals and infinities', () => {
    const close = [1, -1, 0.1, 3.14159, 65504, 123.456, -0.0078];
    const back = fromFloat16(toFloat16(new Float32Array(close)));
    close.forEach((value, index) =>
      expect(Math.abs(back[index]! - value)).toBeLessThan(Math.abs(value) * 1e-3),
    );
    const edges = fromFloat16(toFloat16(new Float32Array([1e-6, 1e-8, 70000, -0])));
    expect(edges[0]).toBeCloseTo(1e-6, 7);
    expect(edges[1]).toBe(0);
    expect(edges[2]).toBe(Infinity);
    expect(Object.is(edges[3], -0)).toBe(true);
  });
});
