import type { Handlers } from '../../ipc/common/contract.js';
import { libraryUseError } from '../../library/node/library-problems.js';

/**
 * The handler table with SQLite's errors said in a person's terms: a write to a damaged library
 * says it is damaged and what to do, a full disk says so, never "attempt to write a readonly
 * database". Other errors pass through unchanged.
 */
export function withLibraryErrors(
  handlers: Handlers,
  library: { readonly dir: string; readonly damage: string | null },
): Handlers {
  const wrapped: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as [
    string,
    (...args: unknown[]) => unknown,
  ][]) {
    wrapped[name] = async (...args) => {
      try {
        return await handler(...args);
      } catch (error) {
        throw libraryUseError(library, error) ?? error;
      }
    };
  }
  return wrapped as unknown as Handlers;
}
