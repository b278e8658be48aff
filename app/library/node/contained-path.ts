import { isAbsolute, relative, resolve } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';

/** `root` joined with `parts`, refused unless it stays inside `root`. */
export function containedPath(root: string, ...parts: string[]): string {
  const base = resolve(root);
  const path = resolve(base, ...parts);
  const inside = relative(base, path);
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new FoveaError('forbidden', `${parts.join('/')} would be written outside ${base}.`);
  return path;
}
