import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../app/library/node/database.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { ModelRepository } from '../../app/library/node/model-repository.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

describe('migration 006: saved models', () => {
  it('5 → 6 keeps runs and records models that go with their run', () => {
    const path = join(temporaryFolder('fovea-db-'), 'fovea.db');
    const v5 = openDatabase(path, { migrations: migrations.slice(0, 5) });
    v5.prepare("INSERT INTO datasets (name, created_at) VALUES ('pets', 'now')").run();
    v5.prepare(
      `INSERT INTO runs (dataset_id, spec, config, classes, input_size, train_count, val_count, test_count, status, created_at)
       VALUES (1, '{"name":"m"}', '{}', '["cat","dog"]', 64, 10, 2, 4, 'completed', 'now')`,
    ).run();
    v5.close();
    const v6 = openDatabase(path, { migrations: migrations.slice(0, 6) });
    expect(schemaVersion(v6)).toBe(6);
    expect(v6.prepare('SELECT status FROM runs').pluck().get()).toBe('completed');
    const models = new ModelRepository(v6);
    models.record({
      runId: 1,
      format: 'tfjs-layers',
      path: 'models/1',
      bytes: 123,
      inputSize: 64,
      classes: ['cat', 'dog'],
    });
    expect(models.get(1)).toMatchObject({
      path: 'models/1',
      classes: ['cat', 'dog'],
      inputSize: 64,
    });
    expect(() =>
      v6
        .prepare(
          "INSERT INTO models (run_id, format, path, bytes, input_size, classes, created_at) VALUES (99, 'tfjs-layers', 'x', 1, 64, '[]', 'now')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    v6.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(models.get(1)).toBeUndefined();
    v6.close();
  });
});
