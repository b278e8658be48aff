import { resolve } from 'node:path';
import type { ImportSummary } from '../../library/common/images.js';
import type { Services } from '../../services/node/services.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-io.js';

export const importUsage =
  'fovea import --dataset NAME PATH… [--json]   (creates the dataset if needed)';

/** The summary the CLI prints: counts, the refusals with their reasons, and images per class. */
export function cliSummary(summary: ImportSummary): Record<string, unknown> {
  return {
    importId: summary.id,
    status: summary.status,
    imported: summary.imported,
    duplicates: summary.duplicates,
    skipped: summary.skipped,
    failed: summary.failed,
    conflicts: summary.conflicts,
    classes: summary.classes,
    ...(summary.message ? { message: summary.message } : {}),
  };
}

export async function runImportCommand(
  services: Services,
  datasetName: string | undefined,
  paths: string[],
  isJson: boolean,
  io: CliIo,
): Promise<number> {
  if (!datasetName || paths.length === 0) throw new UsageError(`Usage: ${importUsage}`);
  const library = services.stores.datasets;
  const dataset = library.findDatasetByName(datasetName) ?? library.createDataset(datasetName);
  const showProgress = !isJson && process.stderr.isTTY;
  const stopProgress = services.events.listen((event, payload) => {
    if (event !== 'import.progress' || !showProgress) return;
    const progress = payload as { done: number; total: number; imagesPerSecond: number };
    process.stderr.write(
      `\r${progress.done}/${progress.total} images, ${progress.imagesPerSecond.toFixed(0)} img/s   `,
    );
  });
  const { importId, done } = await services.imports.start({
    datasetId: dataset.id,
    paths: paths.map((p) => resolve(p)),
  });
  const cancel = (): void => services.imports.cancel(importId);
  process.once('SIGINT', cancel);
  try {
    const summary = await done;
    if (showProgress) process.stderr.write('\n');
    if (isJson) io.out(JSON.stringify(cliSummary(summary)));
    else printSummary(summary, io);
    return summary.status === 'failed' ? 1 : 0;
  } finally {
    process.off('SIGINT', cancel);
    stopProgress();
  }
}

function printSummary(summary: ImportSummary, io: CliIo): void {
  // As the app words it: refused are the files listed below; other files were never opened.
  const counts = [`${summary.imported} imported`, `${summary.duplicates} duplicates`];
  counts.push(`${summary.failed.length} refused`);
  if (summary.skipped > 0)
    counts.push(`${summary.skipped} other files skipped (not an image type)`);
  io.out(`Import ${summary.status}: ${counts.join(', ')}.`);
  for (const refusal of summary.failed) io.out(`  refused ${refusal.file}: ${refusal.reason}`);
  for (const conflict of summary.conflicts) {
    io.out(
      `  conflict ${conflict.file}: already in class "${conflict.existingClass ?? 'none'}", found under "${conflict.newClass ?? 'none'}"`,
    );
  }
  const classes = Object.entries(summary.classes).map(([name, count]) => `${name} ${count}`);
  if (classes.length > 0) io.out(`Classes: ${classes.join(', ')}`);
  if (summary.message) io.err(summary.message);
}
