/**
 * The built-in sample dataset: procedural cat and dog faces (./sample-drawing.ts), rasterized by
 * sharp (librsvg), given sensor-like noise and written as JPEG files
 * `DIR/cat/cat_0001.jpg`, `DIR/dog/dog_0001.jpg`, … of 128×128 pixels.
 *
 * Deterministic: each picture has its own seed mixed from the dataset seed, its class and its
 * number, so the same seed gives the same bytes whatever the concurrency or order of work.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { FoveaError } from '../../base/common/errors.js';
import { mixSeed, SeededRandom } from '../../base/common/seeded-random.js';
import { drawSampleFace, sampleClasses } from './sample-drawing.js';
import type { SampleClass } from './sample-drawing.js';

export type { SampleClass } from './sample-drawing.js';

export const sampleImageSize = 128;

export interface SampleProgress {
  readonly done: number;
  readonly total: number;
}

export interface SampleOptions {
  /** Pictures per class; default 300. */
  readonly perClass?: number;
  /** Default 1. */
  readonly seed?: number;
  readonly onProgress?: (progress: SampleProgress) => void;
  readonly signal?: AbortSignal;
  /** Pictures rendered at once; default 4. */
  readonly concurrency?: number;
}

export interface SampleFile {
  readonly path: string;
  readonly className: SampleClass;
}

export interface SampleResult {
  readonly dir: string;
  /** Class by class, in file-number order. */
  readonly files: readonly SampleFile[];
}

/** Renders one sample picture to JPEG bytes. */
export async function renderSampleImage(
  className: SampleClass,
  seed: number,
  size: number = sampleImageSize,
): Promise<Buffer> {
  const random = new SeededRandom(seed);
  const svg = drawSampleFace(className, random, size);
  let pipeline = sharp(Buffer.from(svg)).flatten({ background: '#ffffff' });
  if (random.next() < 0.3) pipeline = pipeline.blur(random.range(0.5, 1.1));
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  addNoise(data, random, random.range(3, 12));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

function addNoise(pixels: Buffer, random: SeededRandom, deviation: number): void {
  for (let i = 0; i < pixels.length; i++) {
    const noisy = (pixels[i] ?? 0) + random.gaussian() * deviation;
    pixels[i] = noisy < 0 ? 0 : noisy > 255 ? 255 : Math.round(noisy);
  }
}

/** Writes the sample dataset into `dir` (made if missing; existing sample files are replaced). */
export async function writeSample(dir: string, options: SampleOptions = {}): Promise<SampleResult> {
  const perClass = options.perClass ?? 300;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(perClass) || perClass < 1 || perClass > 100_000) {
    throw new FoveaError(
      'invalid_argument',
      `perClass must be an integer from 1 to 100000, got ${perClass}`,
    );
  }
  const files = sampleClasses.flatMap((className) =>
    Array.from({ length: perClass }, (_, index) => ({
      path: join(dir, className, `${className}_${String(index + 1).padStart(4, '0')}.jpg`),
      className,
      seed: mixSeed(seed, sampleClasses.indexOf(className), index),
    })),
  );
  await Promise.all(
    sampleClasses.map((className) => mkdir(join(dir, className), { recursive: true })),
  );
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let file = files[next++]; file !== undefined; file = files[next++]) {
      if (options.signal?.aborted === true) {
        throw new FoveaError('cancelled', 'Making the sample dataset was cancelled.');
      }
      await writeFile(file.path, await renderSampleImage(file.className, file.seed));
      done += 1;
      options.onProgress?.({ done, total: files.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return { dir, files: files.map(({ path, className }) => ({ path, className })) };
}
