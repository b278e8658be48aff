/**
 * Where the milliseconds of one imported image go: each stage of the import of one JPEG timed
 * on its own, one image at a time (no overlap), over a sample of the bench's files. The stages
 * are those of app/images/node/process-image.ts (read, SHA-256, header, one decode to the working
 * size, JPEG thumbnail, JS squash to the tensor) and, measured as the whole import minus those,
 * what the importer adds (blob copy, SQLite, scheduling).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { configureSharpForImport, flattenBackground } from '../app/images/node/process-image.js';
import { readJpegHeader } from '../app/images/node/jpeg-header.js';
import { squashRgb } from '../app/images/node/resize-rgb.js';
import { median } from './load-window.js';

const tensorSize = 64;
const thumbnailSize = 256;

type Stage = 'read' | 'sha256' | 'header' | 'decode' | 'thumbnail' | 'tensor';

async function timeStages(path: string): Promise<Record<Stage, number>> {
  const times = {} as Record<Stage, number>;
  const time = async <T>(stage: Stage, work: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await work();
    times[stage] = performance.now() - started;
    return value;
  };
  const bytes = await time('read', () => readFile(path));
  await time('sha256', () => createHash('sha256').update(bytes).digest('hex'));
  // As process-image.ts does: a JPEG's header read in JS, any other format's by libvips.
  await time(
    'header',
    async () => readJpegHeader(bytes) ?? (await sharp(bytes).metadata()).autoOrient,
  );
  const { data, info } = await time('decode', () =>
    sharp(bytes, { failOn: 'error' })
      .autoOrient()
      .flatten({ background: flattenBackground })
      .toColourspace('srgb')
      .resize(thumbnailSize, thumbnailSize, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  await time('thumbnail', () =>
    sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
      .jpeg({ quality: 80, optimiseCoding: false })
      .toBuffer(),
  );
  await time('tensor', () => squashRgb(data, info.width, info.height, tensorSize));
  return times;
}

/**
 * Median milliseconds per stage over `files`, and the share of each in the whole import's time
 * per image when it runs one image at a time (`importMsPerImage`, measured by the caller).
 */
export async function importStages(
  files: readonly string[],
  importMsPerImage: number,
): Promise<Record<string, unknown>> {
  configureSharpForImport();
  for (const file of files.slice(0, 5)) await timeStages(file); // warm-up
  const samples: Record<Stage, number>[] = [];
  for (const file of files) samples.push(await timeStages(file));
  const stages = Object.keys(samples[0] ?? {}) as Stage[];
  const ms = Object.fromEntries(
    stages.map((stage) => [stage, Number(median(samples.map((s) => s[stage])).toFixed(2))]),
  ) as Record<Stage, number>;
  const perImage = stages.reduce((sum, stage) => sum + ms[stage], 0);
  return {
    images: files.length,
    ms_per_image_by_stage: ms,
    stages_ms: Number(perImage.toFixed(2)),
    whole_import_one_in_flight_ms: Number(importMsPerImage.toFixed(2)),
    importer_rest_ms: Number(Math.max(0, importMsPerImage - perImage).toFixed(2)),
  };
}
