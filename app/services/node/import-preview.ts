import { basename, resolve } from 'node:path';
import type { ImportPreview, SplitCounts } from '../../library/common/images.js';
import { classNameOf, scanPaths } from '../../images/node/scan.js';

/**
 * Scans what an import would read, without decoding a file, so the person sees the classes and
 * splits it implies (and where loose images go) before saying "Import". `display` names a path
 * as the person knows it (relative to an upload's staging folder in web mode).
 */
export async function previewImport(
  paths: readonly string[],
  display: (path: string) => string,
  signal?: AbortSignal,
): Promise<ImportPreview> {
  const classes = new Map<string, number>();
  const splits: Record<keyof SplitCounts, number> = { train: 0, val: 0, test: 0, none: 0 };
  let images = 0;
  let loose = 0;
  let otherFiles = 0;
  let problems = 0;
  let isAnyLooseInFolder = false;
  for await (const entry of scanPaths(paths, signal === undefined ? {} : { signal })) {
    if (entry.kind === 'skipped') {
      if (entry.reason === 'not_image') otherFiles += 1;
      else problems += 1;
      continue;
    }
    images += 1;
    splits[entry.split ?? 'none'] += 1;
    if (entry.className === null) {
      loose += 1;
      isAnyLooseInFolder ||= paths.length === 1 && entry.path !== resolve(paths[0] ?? '');
    } else classes.set(entry.className, (classes.get(entry.className) ?? 0) + 1);
  }
  const [onlyPath] = paths;
  const isOneFolderOfLoose = isAnyLooseInFolder && classes.size === 0 && onlyPath !== undefined;
  return {
    roots: paths.map(display),
    images,
    classes: [...classes].map(([name, count]) => ({ name, images: count })),
    loose,
    splits,
    otherFiles,
    problems,
    suggestedClass: isOneFolderOfLoose ? classNameOf(basename(onlyPath)) : null,
  };
}
