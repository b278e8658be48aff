import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../app/library/node/database.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { CalibrationRepository } from '../../app/library/node/calibration-repository.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

describe('migration 008: run calibrations', () => {
  it('7 → 8 keeps runs and stores a calibration that goes with its run', () => {
    const path = join(temporaryFolder('fovea-db-'), 'fovea.db');
    const v7 = openDatabase(path, { migrations: migrations.slice(0, 7) });
    v7.prepare("INSERT INTO datasets (name, created_at) VALUES ('pets', 'now')").run();
    v7.prepare(
      `INSERT INTO runs (dataset_id, spec, config, classes, input_size, train_count, val_count, test_count, status, created_at)
       VALUES (1, '{"name":"m"}', '{}', '["cat","dog"]', 64, 10, 2, 4, 'completed', 'now')`,
    ).run();
    v7.close();
    const v8 = openDatabase(path, { migrations: migrations.slice(0, 8) });
    expect(schemaVersion(v8)).toBe(8);
    expect(v8.prepare('SELECT status FROM runs').pluck().get()).toBe('completed');
    const calibrations = new CalibrationRepository(v8);
    const stored = {
      threshold: 0.72,
      isDefault: true,
      fittedTemperature: 1.8,
      isTemperatureOn: false,
    };
    calibrations.set(1, stored);
    expect(calibrations.get(1)).toEqual(stored);
    calibrations.set(1, { ...stored, threshold: 0.5, isDefault: false });
    expect(calibrations.get(1)?.threshold).toBe(0.5);
    expect(() => calibrations.set(1, { ...stored, threshold: 1.5 })).toThrow(/CHECK/);
    expect(() => calibrations.set(99, stored)).toThrow(/FOREIGN KEY/);
    v8.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(calibrations.get(1)).toBeUndefined();
    v8.close();
  });
});
