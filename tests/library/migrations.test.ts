import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../app/library/node/database.js';
import { migrations } from '../../app/library/node/migrations/index.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

function tempDb(): string {
  return join(temporaryFolder('fovea-db-'), 'fovea.db');
}

describe('migrations', () => {
  it('are numbered 1..N in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('opens a fresh library at the latest version with WAL, foreign keys and STRICT tables', () => {
    const db = openDatabase(tempDb());
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db
      .prepare<[], { name: string; strict: number }>(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'",
      )
      .all();
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table, table.name).toMatchObject({ strict: 1 });
    db.close();
  });

  it('1 → 2 keeps datasets and classes and adds images with a foreign key', () => {
    const path = tempDb();
    const v1 = openDatabase(path, { migrations: migrations.slice(0, 1) });
    v1.prepare("INSERT INTO datasets (name, created_at) VALUES ('pets', 'now')").run();
    v1.prepare("INSERT INTO classes (dataset_id, name, created_at) VALUES (1, 'cat', 'now')").run();
    v1.close();
    const v2 = openDatabase(path, { migrations: migrations.slice(0, 2) });
    expect(schemaVersion(v2)).toBe(2);
    expect(v2.prepare('SELECT name FROM classes').pluck().all()).toEqual(['cat']);
    v2.prepare(
      "INSERT INTO images (dataset_id, class_id, hash, original_name, original_path, width, height, bytes, format, created_at) VALUES (1, 1, 'h', 'a.jpg', '/a.jpg', 1, 1, 1, 'jpeg', 'now')",
    ).run();
    expect(() =>
      v2
        .prepare(
          "INSERT INTO images (dataset_id, hash, original_name, original_path, width, height, bytes, format, created_at) VALUES (99, 'h2', 'a', 'a', 1, 1, 1, 'j', 'n')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    v2.prepare('DELETE FROM classes WHERE id = 1').run();
    expect(v2.prepare('SELECT class_id FROM images').pluck().get()).toBeNull();
    v2.close();
  });

  it('2 → 3 keeps images and adds undoable deletion and import records', () => {
    const path = tempDb();
    const v2 = openDatabase(path, { migrations: migrations.slice(0, 2) });
    v2.prepare("INSERT INTO datasets (name, created_at) VALUES ('pets', 'now')").run();
    v2.prepare(
      "INSERT INTO images (dataset_id, hash, original_name, original_path, width, height, bytes, format, created_at) VALUES (1, 'h', 'a.jpg', '/a.jpg', 1, 1, 1, 'jpeg', 'now')",
    ).run();
    v2.close();
    const v3 = openDatabase(path, { migrations: migrations.slice(0, 3) });
    expect(v3.prepare('SELECT hash, deleted_at FROM images').get()).toEqual({
      hash: 'h',
      deleted_at: null,
    });
    v3.prepare(
      "INSERT INTO imports (dataset_id, status, started_at) VALUES (1, 'running', 'now')",
    ).run();
    expect(() =>
      v3
        .prepare("INSERT INTO imports (dataset_id, status, started_at) VALUES (1, 'bogus', 'now')")
        .run(),
    ).toThrow(/CHECK/);
    v3.close();
  });

  it('rolls a failing migration back entirely', () => {
    const path = tempDb();
    const broken = [
      ...migrations.slice(0, 1),
      {
        version: 2,
        name: 'broken',
        sql: 'CREATE TABLE t (x INTEGER) STRICT; INSERT INTO nope VALUES (1);',
      },
    ];
    expect(() => openDatabase(path, { migrations: broken })).toThrow(/nope/);
    const db = new Database(path);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 't'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer Fovea with a clear error, and leaves it untouched', () => {
    const path = tempDb();
    openDatabase(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${migrations.length + 5}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer version of Fovea/);
    const after = new Database(path);
    expect(schemaVersion(after)).toBe(migrations.length + 5);
    after.close();
  });

  it('migrate() is idempotent', () => {
    const db = openDatabase(tempDb());
    migrate(db);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });
});
