import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../app/library/node/database.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { RunRepository } from '../../app/library/node/run-repository.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

describe('migration 007: run checkpoints', () => {
  it('6 → 7 keeps runs, with no checkpoint, and records the epoch of a new one', () => {
    const path = join(temporaryFolder('fovea-db-'), 'fovea.db');
    const v6 = openDatabase(path, { migrations: migrations.slice(0, 6) });
    v6.prepare("INSERT INTO datasets (name, created_at) VALUES ('pets', 'now')").run();
    v6.prepare(
      `INSERT INTO runs (dataset_id, spec, config, classes, input_size, train_count, val_count, test_count, status, epochs_run, created_at)
       VALUES (1, '{"name":"m"}', '{"epochs":5}', '["cat","dog"]', 64, 10, 2, 4, 'interrupted', 2, 'now')`,
    ).run();
    v6.close();
    const v7 = openDatabase(path, { migrations: migrations.slice(0, 7) });
    expect(schemaVersion(v7)).toBe(7);
    const runs = new RunRepository(v7);
    expect(runs.get(1)).toMatchObject({
      status: 'interrupted',
      epochsRun: 2,
      totalEpochs: 5,
      checkpointEpoch: null,
    });
    runs.setCheckpoint(1, 2);
    expect(runs.get(1)?.checkpointEpoch).toBe(2);
    v7.close();
  });
});
