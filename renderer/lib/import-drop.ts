import { desktopBridge, desktopPaths } from './desktop.js';
import type { DroppedFile } from './dropped-files.js';
import type { ImportsState } from './state/imports.svelte.js';

/**
 * Previews an import of dropped or picked files: by path in the desktop app (a dropped folder by
 * its own path, so its class subfolders are read on disk), by upload in web mode. A drop with no
 * files (an empty folder) says so, naming what was dropped when the browser told.
 */
export async function importDropped(
  imports: ImportsState,
  datasetId: number,
  files: readonly DroppedFile[],
  classId: number | null = null,
  droppedNames: readonly string[] = [],
): Promise<void> {
  if (files.length === 0) {
    imports.nothingDropped(droppedNames);
    return;
  }
  const paths = desktopPaths(files.map((f) => f.file));
  if (paths) await imports.importPaths(datasetId, topLevelPaths(paths, files), classId);
  else await imports.importFiles(datasetId, files, classId);
}

export function topLevelPaths(paths: readonly string[], files: readonly DroppedFile[]): string[] {
  const roots = new Set<string>();
  files.forEach((file, i) => {
    const depth = file.path.split('/').length - 1;
    const path = paths[i] ?? '';
    roots.add(depth === 0 ? path : path.split(/[\\/]/).slice(0, -depth).join('/'));
  });
  return [...roots];
}

/** The desktop app's native folder dialog, then an import of the chosen folders. */
export async function importChosenFolders(
  imports: ImportsState,
  datasetId: number,
): Promise<boolean> {
  const desktop = desktopBridge();
  if (!desktop) return false;
  const paths = await desktop.chooseFolders();
  if (paths.length > 0) await imports.importPaths(datasetId, paths);
  return true;
}
