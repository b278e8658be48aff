import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';
import type { Migration } from './migrations/index.js';
import { migrations as allMigrations } from './migrations/index.js';

export type Sqlite = Database.Database;

export interface OpenOptions {
  readonly readonly?: boolean;
  /** False: only check the schema is not newer (the caller migrates after its own checks). */
  readonly migrate?: boolean;
  /** For tests: apply only these migrations. */
  readonly migrations?: readonly Migration[];
}

/** Opens (creating if needed) a library database with WAL, foreign keys, and the schema migrated. */
export function openDatabase(path: string, options: OpenOptions = {}): Sqlite {
  if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Sqlite;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (error) {
    throw new FoveaError(
      'io',
      `Cannot open the library database ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    if (!options.readonly && options.migrate !== false)
      migrate(db, options.migrations ?? allMigrations);
    else checkVersion(db, options.migrations ?? allMigrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * SQLite's `quick_check`: the first problem it finds in the database's structure, or null when it
 * is sound. It reads every page, so it also finds a damaged page nothing has read yet.
 */
export function quickCheck(db: Sqlite): string | null {
  const rows = db.pragma('quick_check(3)') as { quick_check: string }[];
  // Said on one line: SQLite's rows may hold several lines, headed by "*** in database main ***".
  const problems = rows
    .flatMap((row) => row.quick_check.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'ok' && !line.startsWith('***'));
  return problems.length === 0 ? null : problems.slice(0, 2).join('; ');
}

/** Whether the schema is older than this version of Fovea (a reader cannot migrate it). */
export function needsMigration(
  db: Sqlite,
  migrations: readonly Migration[] = allMigrations,
): boolean {
  return checkVersion(db, migrations) < migrations.length;
}

export function schemaVersion(db: Sqlite): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkVersion(db: Sqlite, migrations: readonly Migration[]): number {
  const current = schemaVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new FoveaError(
      'newer_database',
      `This library was written by a newer version of Fovea (schema ${current}; this version knows up to ${latest}). Update Fovea to open it.`,
    );
  }
  return current;
}

/** Applies each pending migration in its own transaction, bumping `user_version` inside it. */
export function migrate(db: Sqlite, migrations: readonly Migration[] = allMigrations): void {
  const current = checkVersion(db, migrations);
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
