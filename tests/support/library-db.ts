import { databasePath } from '../../app/library/node/opened-library.js';
import { openDatabase } from '../../app/library/node/database.js';

/** Rows of a query on a library's database, read through a connection of the test's own. */
export function queryLibrary<Row = unknown>(libraryDir: string, sql: string): Row[] {
  const db = openDatabase(databasePath(libraryDir), { readonly: true });
  try {
    return db.prepare<[], Row>(sql).all();
  } finally {
    db.close();
  }
}
