import { FoveaError } from '../../base/common/errors.js';
import type { Handlers } from '../../ipc/common/contract.js';
import { damagedWarning, databaseError } from '../../library/node/library-problems.js';

/**
 * The handler table with SQLite's errors said in a person's terms: a write to a damaged library
 * says it is damaged and what to do, a full disk says so, never "attempt to write a readonly
 * database". Other errors pass through unchanged.
 */
export function withLibraryErrors(
  handlers: Handlers,
  library: { readonly dir: string; readonly damage: string | null },
): Handlers {
  const rephrase = (error: unknown): unknown => {
    const described = databaseError(library.dir, error);
    if (described && library.damage !== null && isReadOnlyWrite(error))
      return new FoveaError('conflict', damagedWarning(library.dir, library.damage), {
        cause: error,
      });
    return described ?? error;
  };
  const wrapped: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as [
    string,
    (...args: unknown[]) => unknown,
  ][]) {
    wrapped[name] = async (...args) => {
      try {
        return await handler(...args);
      } catch (error) {
        throw rephrase(error);
      }
    };
  }
  return wrapped as unknown as Handlers;
}

function isReadOnlyWrite(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_READONLY');
}
