/**
 * What goes wrong with a library folder or its database, said as one line that names the path and
 * what to do, instead of the EEXIST, EACCES or SQLite wording underneath.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';

const chooseFolder = 'Choose a folder for the library with --library DIR (or FOVEA_LIBRARY).';

export function libraryIsFile(dir: string): FoveaError {
  return new FoveaError(
    'invalid_argument',
    `The library path ${dir} is a file, not a folder. ${chooseFolder}`,
  );
}

export function libraryIsReadOnly(dir: string, cause?: unknown): FoveaError {
  return new FoveaError(
    'io',
    `The library folder ${dir} is read-only: Fovea cannot write there. Make it writable, or use a read-only command (datasets list, evaluate, predict, export).`,
    { cause },
  );
}

export function noLibrary(dir: string): FoveaError {
  return new FoveaError(
    'not_found',
    `There is no library at ${dir} (no fovea.db there). Check --library (or FOVEA_LIBRARY); a writing command such as \`fovea datasets create NAME\` creates one.`,
  );
}

/** Creates the library folder for a writer, or says why it cannot be one. */
export function prepareLibraryFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw folderError(dir, error) ?? error;
  }
  if (!statSync(dir).isDirectory()) throw libraryIsFile(dir);
}

/** Checks that a reader finds a library there; a reader never creates one. */
export function checkExistingLibrary(dir: string, dbPath: string): void {
  const folder = statSync(dir, { throwIfNoEntry: false });
  if (folder?.isFile()) throw libraryIsFile(dir);
  if (!folder || !statSync(dbPath, { throwIfNoEntry: false })?.isFile()) throw noLibrary(dir);
}

/** The folder-level reading of a file-system error, or undefined when it is something else. */
export function folderError(dir: string, error: unknown): FoveaError | undefined {
  switch (underlyingCode(error)) {
    case 'EEXIST':
    case 'ENOTDIR':
      return libraryIsFile(dir);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return libraryIsReadOnly(dir, error);
    case 'ENOSPC':
      return new FoveaError(
        'disk_full',
        `The disk holding the library ${dir} is full. Free some space and try again.`,
      );
    default:
      return undefined;
  }
}

/** The library-level reading of an SQLite error (also inside a FoveaError), or undefined. */
export function databaseError(dir: string, error: unknown): FoveaError | undefined {
  const code = underlyingCode(error);
  const dbPath = join(dir, 'fovea.db');
  if (code === 'SQLITE_NOTADB')
    return new FoveaError(
      'io',
      `${dbPath} is not a Fovea database, or is damaged beyond reading. Move it aside (the library then starts empty) or restore it from a backup.`,
      { cause: error },
    );
  if (code.startsWith('SQLITE_CORRUPT'))
    return new FoveaError(
      'io',
      `The library database ${dbPath} is damaged. Save what can be read with \`fovea export --format dataset --dataset NAME --out DIR\`, then import it into a new library.`,
      { cause: error },
    );
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))
    return libraryIsReadOnly(dir, error);
  if (code === 'SQLITE_FULL')
    return new FoveaError(
      'disk_full',
      `The disk holding the library ${dir} is full. Free some space and try again.`,
      {
        cause: error,
      },
    );
  return undefined;
}

/** The SQLite or file-system code of an error, looking through the FoveaErrors that wrap it. */
function underlyingCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^(SQLITE_|E[A-Z]+$)/.test(code)) return code;
    current = cause;
  }
  return '';
}

/**
 * An error met while using an opened library, in a person's terms: a write refused because the
 * library is damaged says so and what to do; other SQLite errors as `databaseError`.
 */
export function libraryUseError(
  library: { readonly dir: string; readonly damage: string | null },
  error: unknown,
): FoveaError | undefined {
  if (library.damage !== null && underlyingCode(error).startsWith('SQLITE_READONLY'))
    return new FoveaError('conflict', damagedWarning(library.dir, library.damage), {
      cause: error,
    });
  return databaseError(library.dir, error);
}

/** The warning a damaged library opens with (read-only; training refused). */
export function damagedWarning(dir: string, problem: string): string {
  return `The library ${dir} is damaged (${problem}); it is open read-only. Save what can be read with \`fovea export --format dataset\` (or Export in the app) and import it into a new library.`;
}
