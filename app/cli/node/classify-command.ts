/**
 * `fovea predict RUN FOLDER… [--csv FILE] [--json]`: every image under the folders classified by
 * a run's model, with the same decoding, CSV and JSON as the app's "Classify a folder". Refused
 * files go to stderr; the exit code is 1 when any file was refused.
 */
import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  classificationCsv,
  classificationJson,
  labelOf,
} from '../../library/common/classification.js';
import type { Services } from '../../services/node/services.js';
import type { CliIo } from './cli-io.js';
import { parseId } from './cli-io.js';

/** Folder mode: a CSV is asked for, or one of the paths is a folder. */
export async function isFolderRequest(paths: readonly string[], csv: string | undefined) {
  if (csv !== undefined) return true;
  for (const path of paths) {
    const isFolder = await stat(path).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    if (isFolder) return true;
  }
  return false;
}

export async function runClassifyFolder(
  services: Services,
  args: { run: string; paths: readonly string[]; csv: string | undefined; isJson: boolean },
  io: CliIo,
): Promise<number> {
  const runId = parseId(args.run, 'run');
  const result = await services.classify.classify(
    runId,
    args.paths.map((path) => resolve(path)),
  );
  if (args.csv !== undefined) await writeFile(resolve(args.csv), classificationCsv(result));
  if (args.isJson) io.out(classificationJson(result));
  else {
    for (const item of result.items)
      io.out(
        `${item.file}: ${labelOf(result, item)} (${result.classes[item.classIndex] ?? ''} ${(100 * item.probability).toFixed(1)}%)`,
      );
    io.out(
      `${result.items.length} images classified, ${result.refused.length} refused${args.csv === undefined ? '' : `; wrote ${args.csv}`}.`,
    );
  }
  for (const refused of result.refused) io.err(`${refused.file}: ${refused.message}`);
  return result.refused.length === 0 ? 0 : 1;
}
