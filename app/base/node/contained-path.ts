import { isAbsolute, relative, resolve, sep } from 'node:path';
import { FoveaError } from '../common/errors.js';

/** `root` joined with `parts`, or undefined when the result is not `root` or inside it. */
function resolveInside(root: string, parts: string[]): string | undefined {
  // A NUL byte would be cut or refused by the file system, so the path checked is not the one used.
  if (parts.some((part) => part.includes('\0'))) return undefined;
  const base = resolve(root);
  const path = resolve(base, ...parts);
  const inside = relative(base, path);
  const leaves = inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  return leaves ? undefined : path;
}

/** Whether `root` joined with `parts` stays inside `root` (or is `root` itself). */
export function isContained(root: string, ...parts: string[]): boolean {
  return resolveInside(root, parts) !== undefined;
}

/**
 * `root` joined with `parts`, refused with `forbidden` unless it stays inside `root`: for paths
 * built from names that come from users, files or the renderer.
 */
export function containedPath(root: string, ...parts: string[]): string {
  const path = resolveInside(root, parts);
  if (path === undefined)
    throw new FoveaError('forbidden', `${parts.join('/')} would be outside ${resolve(root)}.`);
  return path;
}
