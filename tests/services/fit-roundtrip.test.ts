/**
 * Each fit round-trips (issue 16 item 5): a tiny run trained with it on the sample drawings set in
 * wide and tall frames (so crop and pad differ from squash), exported as TF.js and ONNX, then the
 * exported files re-predict the test split from the originals prepared as the export's
 * preprocessing.json says, by code written from that file alone (sharp, not Fovea's resampling),
 * and give the app's top class on every image.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from '../../app/engine/common/data-source.js';
import { ForkEngineHost } from '../../app/engine/node/fork-engine-host.js';
import { predictWithOnnx } from '../../app/engine/node/onnx-runner.js';
import type { Fit } from '../../app/images/common/fit.js';
import { fits } from '../../app/images/common/fit.js';
import { writeSample } from '../../app/images/node/sample.js';
import type { Services } from '../../app/services/node/services.js';
import { openServices } from '../../app/services/node/services.js';
import { queryLibrary } from '../support/library-db.js';

const root = join(import.meta.dirname, '../..');

/** The sample's square drawings in frames 3:2 wide or 2:3 tall, filled with grey noise-free paper. */
async function frameSamples(dir: string): Promise<void> {
  let index = 0;
  for (const split of await readdir(dir))
    for (const cls of await readdir(join(dir, split)))
      for (const name of await readdir(join(dir, split, cls))) {
        const path = join(dir, split, cls, name);
        const isWide = index++ % 2 === 0;
        const framed = await sharp(await readFile(path))
          .extend({
            ...(isWide ? { left: 40, right: 24 } : { top: 24, bottom: 40 }),
            background: { r: 200, g: 190, b: 170 },
          })
          .jpeg({ quality: 92 })
          .toBuffer();
        await writeFile(path, framed);
      }
}

interface FitSection {
  readonly fit: Fit;
  readonly background: readonly number[];
}

/** A photo → size×size RGB as preprocessing.json's words say, with sharp alone. */
async function prepareAsDocumented(bytes: Buffer, size: number, rule: FitSection): Promise<Buffer> {
  const oriented = sharp(bytes)
    .autoOrient()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb');
  const { data, info } = await oriented.raw().toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  let image = sharp(data, { raw: { width: w, height: h, channels: 3 } });
  if (rule.fit === 'squash') image = image.resize(size, size, { fit: 'fill' });
  if (rule.fit === 'crop') {
    const s = Math.min(w, h);
    image = image
      .extract({ left: Math.floor((w - s) / 2), top: Math.floor((h - s) / 2), width: s, height: s })
      .resize(size, size, { fit: 'fill' });
  }
  if (rule.fit === 'pad') {
    const k = size / Math.max(w, h);
    const tw = Math.max(1, Math.round(w * k));
    const th = Math.max(1, Math.round(h * k));
    const left = Math.floor((size - tw) / 2);
    const top = Math.floor((size - th) / 2);
    const [r = 0, g = 0, b = 0] = rule.background;
    image = sharp(await image.resize(tw, th, { fit: 'fill' }).raw().toBuffer(), {
      raw: { width: tw, height: th, channels: 3 },
    }).extend({
      left,
      top,
      right: size - tw - left,
      bottom: size - th - top,
      background: { r, g, b },
    });
  }
  return image.raw().toBuffer();
}

function memorySource(classes: readonly string[], size: number, pixels: Uint8Array): DataSource {
  const imageBytes = size * size * 3;
  const count = pixels.length / imageBytes;
  return {
    classes,
    size,
    count: (split) => (split === 'test' ? count : 0),
    readBatch: (_split, indices) => {
      const x = new Uint8Array(indices.length * imageBytes);
      indices.forEach((index, at) =>
        x.set(pixels.subarray(index * imageBytes, (index + 1) * imageBytes), at * imageBytes),
      );
      return { x, y: new Int32Array(indices.length) };
    },
  };
}

/** How far an exported model's probability may be from the app's for the same test image. */
const probabilityTolerance = 0.01;

describe('each fit round-trips through its exports', () => {
  let work: string;
  let library: string;
  let services: Services;
  let datasetId: number;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fovea-fit-'));
    library = join(work, 'library');
    await writeSample(join(work, 'source', 'train'), { perClass: 24, seed: 1 });
    await writeSample(join(work, 'source', 'test'), { perClass: 8, seed: 2 });
    await frameSamples(join(work, 'source'));
    services = await openServices({
      libraryDir: library,
      mode: 'cli',
      version: 'test',
      createEngineHost: () =>
        new ForkEngineHost(join(root, 'dist', 'engine.js'), { backend: 'auto' }),
    });
    datasetId = services.stores.datasets.createDataset('framed').id;
    const { done } = await services.imports.start({ datasetId, paths: [join(work, 'source')] });
    await done;
  }, 120_000);

  afterAll(async () => {
    await services?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it.each(fits)(
    '%s: trained, exported and re-predicted from the originals like the app',
    async (fit) => {
      const started = services.training.start({
        datasetId,
        presetId: 'tiny-vgg',
        config: { epochs: 4, batchSize: 16, fit },
      });
      expect(await started.done).not.toBeNull();
      const runId = started.runId;
      const run = services.training.detail(runId);
      expect(run.status).toBe('completed');
      expect(run.fit).toBe(fit);
      const stored = queryLibrary(
        library,
        `SELECT count(*) AS n FROM tensors WHERE fit = '${fit}' AND size = 64`,
      );
      expect(stored).toEqual([{ n: 64 }]);
      const saved = JSON.parse(
        await readFile(join(library, 'models', String(runId), 'fovea.json'), 'utf8'),
      ) as { fit: string };
      expect(saved.fit).toBe(fit);

      const app = await services.evaluation.testProbabilities(runId);

      for (const format of ['tfjs', 'onnx'] as const) {
        const folder = join(work, `run${runId}-${format}`);
        const result = await services.exports.export({ format, runId, target: folder });
        expect(result.verification?.passed, format).toBe(true);
        const preprocessing = JSON.parse(
          await readFile(join(folder, 'preprocessing.json'), 'utf8'),
        ) as { inputSize: number; scale: number; fit: FitSection };
        expect(preprocessing.fit.fit).toBe(fit);
        expect(await readFile(join(folder, 'README.md'), 'utf8')).toContain(
          preprocessing.fit.fit === 'squash'
            ? '# squash'
            : `# ${fit === 'crop' ? 'centre crop' : 'pad'}`,
        );
        const size = preprocessing.inputSize;
        const pixels = new Uint8Array(app.test.images.length * size * size * 3);
        for (const [index, image] of app.test.images.entries()) {
          const hash = services.stores.images.detail(image.imageId)!.hash;
          const original = await readFile(services.stores.blobs.path(hash));
          const prepared = await prepareAsDocumented(original, size, preprocessing.fit);
          pixels.set(prepared, index * size * size * 3);
        }
        const exported =
          format === 'onnx'
            ? await predictWithOnnx(
                join(folder, 'model.onnx'),
                memorySource(run.classes, size, pixels),
                'test',
              )
            : new Float32Array(
                (
                  await services.engine().runModelTask({
                    op: 'predict',
                    model: { runId: null, dir: folder },
                    images: pixels.slice().buffer,
                    count: app.test.images.length,
                  })
                ).probabilities,
              );
        // The documented sharp resize and the app's import decode round a few pixels apart, so
        // the exported files' probabilities match the app's closely rather than exactly. (This
        // small model answers near 0.5, so its top class alone would compare near ties.)
        const differences = [...exported].map((p, index) =>
          Math.abs(p - app.probabilities[index]!),
        );
        expect(exported.length).toBe(app.probabilities.length);
        expect(Math.max(...differences), `${format}: largest probability difference`).toBeLessThan(
          probabilityTolerance,
        );
      }
    },
    180_000,
  );
});
