import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataPlan } from '../../app/engine/common/data-source.js';
import { SqliteDataSource } from '../../app/library/node/sqlite-data-source.js';
import { createTensorDatabase } from '../engine/fixtures.js';

describe('SqliteDataSource', () => {
  let directory: string;
  let plan: DataPlan;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'fovea-engine-'));
    const dbPath = join(directory, 'fovea.db');
    createTensorDatabase(dbPath, 4, [10, 11, 12, 13], (imageId) => imageId);
    plan = {
      dbPath,
      size: 4,
      classes: ['cat', 'dog'],
      splits: {
        train: [
          { imageId: 10, label: 0 },
          { imageId: 11, label: 1 },
          { imageId: 12, label: 1 },
        ],
        val: [{ imageId: 13, label: 0 }],
        test: [{ imageId: 99, label: 1 }],
      },
    };
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('reads the requested images in order, as uint8 HWC, with their labels', () => {
    const source = new SqliteDataSource(plan);
    try {
      expect(source.classes).toEqual(['cat', 'dog']);
      expect([source.count('train'), source.count('val'), source.count('test')]).toEqual([3, 1, 1]);
      const batch = source.readBatch('train', [2, 0]);
      expect(batch.x).toHaveLength(2 * 4 * 4 * 3);
      expect(batch.x[0]).toBe(12);
      expect(batch.x[4 * 4 * 3]).toBe(10);
      expect(Array.from(batch.y)).toEqual([1, 0]);
    } finally {
      source.close();
    }
  });

  it('says which image has no tensor of the size', () => {
    const source = new SqliteDataSource(plan);
    try {
      expect(() => source.readBatch('test', [0])).toThrow(/Image 99 has no 4×4 tensor/);
      expect(() => source.readBatch('val', [5])).toThrow(/no image 5 in the val split/);
    } finally {
      source.close();
    }
  });

  it('rejects labels outside the classes and a missing database', () => {
    expect(
      () =>
        new SqliteDataSource({
          ...plan,
          splits: { ...plan.splits, val: [{ imageId: 13, label: 2 }] },
        }),
    ).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => new SqliteDataSource({ ...plan, dbPath: join(directory, 'missing.db') })).toThrow(
      expect.objectContaining({ code: 'io' }),
    );
  });

  it('opens the database read-only', () => {
    const source = new SqliteDataSource(plan);
    const writer = new Database(plan.dbPath);
    try {
      // The library keeps writing while a run reads.
      writer.prepare('DELETE FROM tensors WHERE image_id = 10').run();
      expect(() => source.readBatch('train', [0])).toThrow(/Image 10/);
    } finally {
      writer.close();
      source.close();
    }
  });
});
