import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../app/library/node/database.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

const insertRun = `INSERT INTO runs (dataset_id, spec, config, classes, input_size, train_count, val_count, test_count, status, created_at)
  VALUES (?, '{"name":"m"}', '{}', '["cat","dog"]', 64, 8, 1, 1, ?, 'now')`;

describe('migration 4: training runs and metrics', () => {
  it('3 → 4 keeps datasets, images and imports, and adds runs with metrics', () => {
    const path = join(temporaryFolder('fovea-db-'), 'fovea.db');
    const v3 = openDatabase(path, { migrations: migrations.slice(0, 3) });
    v3.prepare("INSERT INTO datasets (name, created_at) VALUES ('pets', 'now')").run();
    v3.prepare("INSERT INTO classes (dataset_id, name, created_at) VALUES (1, 'cat', 'now')").run();
    v3.prepare(
      "INSERT INTO images (dataset_id, class_id, split, hash, original_name, original_path, width, height, bytes, format, created_at) VALUES (1, 1, 'train', 'h', 'a.jpg', '/a.jpg', 4, 3, 10, 'jpeg', 'now')",
    ).run();
    v3.prepare(
      "INSERT INTO imports (dataset_id, status, started_at, total, imported) VALUES (1, 'completed', 'now', 1, 1)",
    ).run();
    v3.close();

    const v4 = openDatabase(path, { migrations: migrations.slice(0, 4) });
    expect(schemaVersion(v4)).toBe(4);
    expect(v4.prepare('SELECT name FROM datasets').pluck().all()).toEqual(['pets']);
    expect(v4.prepare('SELECT original_name, split FROM images').get()).toEqual({
      original_name: 'a.jpg',
      split: 'train',
    });
    expect(v4.prepare('SELECT status, imported FROM imports').get()).toEqual({
      status: 'completed',
      imported: 1,
    });

    v4.prepare(insertRun).run(1, 'completed');
    const metric = v4.prepare(
      'INSERT INTO run_metrics (run_id, kind, step, epoch, loss, accuracy) VALUES (1, ?, ?, 1, 0.5, 0.75)',
    );
    metric.run('batch', 1);
    metric.run('epoch', 1);
    expect(v4.prepare('SELECT epochs_run, best_epoch FROM runs').get()).toEqual({
      epochs_run: 0,
      best_epoch: null,
    });
    expect(() => metric.run('batch', 1)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => v4.prepare(insertRun).run(1, 'finished')).toThrow(/CHECK/);
    expect(() => v4.prepare(insertRun).run(2, 'completed')).toThrow(/FOREIGN KEY/);

    // Deleting the dataset takes its runs and their metrics along.
    v4.prepare('DELETE FROM datasets WHERE id = 1').run();
    expect(v4.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(0);
    expect(v4.prepare('SELECT count(*) FROM run_metrics').pluck().get()).toBe(0);
    v4.close();
  });
});
