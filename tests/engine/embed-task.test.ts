import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { OpenDataSource } from '../../app/engine/common/data-source.js';
import { initBackend } from '../../app/engine/node/backend.js';
import { FeatureExtractor, loadBackbone } from '../../app/engine/node/backbone.js';
import { ModelTasks } from '../../app/engine/node/model-tasks.js';
import { decodeImage } from '../../app/images/node/process-image.js';
import { mobileBlock, saveLayersFolder } from './backbone-fixtures.js';

const noData: OpenDataSource = () => {
  throw new Error('embedding reads no plan');
};

async function photo(path: string, width: number, height: number, seed: number): Promise<void> {
  const pixels = Buffer.from(
    Array.from({ length: width * height * 3 }, (_, i) => (i * 13 + seed * 71) % 256),
  );
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(path);
}

describe('the embed model task', () => {
  let work = '';
  let backboneDir = '';
  let originals: string[] = [];
  const tasks = new ModelTasks(noData);

  beforeAll(async () => {
    await initBackend('cpu');
    work = mkdtempSync(join(tmpdir(), 'fovea-embed-'));
    backboneDir = join(work, 'backbone');
    const model = mobileBlock();
    await saveLayersFolder(model, backboneDir);
    model.dispose();
    originals = [join(work, 'wide.png'), join(work, 'tall.png'), join(work, 'square.png')];
    await photo(originals[0]!, 40, 24, 1);
    await photo(originals[1]!, 18, 30, 2);
    await photo(originals[2]!, 12, 12, 3);
  });

  afterAll(() => {
    tasks.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('decodes originals as the import does, at the input size, and embeds them in order', async () => {
    const backbone = await loadBackbone(backboneDir);
    const layers = backbone.layers.slice(-2).map((layer) => layer.name);
    const result = await tasks.run({ op: 'embed', backbone: backboneDir, layers, originals });
    const extractor = FeatureExtractor.create(backbone, layers);
    const images = await Promise.all(
      originals.map(async (path) => ({
        data: (
          await decodeImage(await sharp(path).toBuffer(), { tensorSize: 12, thumbnailSize: 16 })
        ).tensor,
        width: 12,
        height: 12,
      })),
    );
    const expected = await extractor.embed(images);
    extractor.dispose();
    backbone.model.dispose();
    expect(result.dimension).toBe(extractor.dimension);
    const values = new Float32Array(result.embeddings);
    expect(values.length).toBe(3 * extractor.dimension);
    values.forEach((value, index) => expect(value).toBeCloseTo(expected.embeddings[index]!, 5));
    // Different photos give different embeddings: the order is the order sent.
    const first = values.slice(0, extractor.dimension);
    const second = values.slice(extractor.dimension, 2 * extractor.dimension);
    expect(first).not.toEqual(second);
  });

  it('embeds the photos as the run fits them: crop and pad differ from squash, not on a square', async () => {
    const backbone = await loadBackbone(backboneDir);
    const layers = [backbone.layers.at(-1)!.name];
    backbone.model.dispose();
    const embed = async (fit: 'squash' | 'crop' | 'pad') =>
      new Float32Array(
        (await tasks.run({ op: 'embed', backbone: backboneDir, layers, originals, fit }))
          .embeddings,
      );
    const [squash, crop, pad] = [await embed('squash'), await embed('crop'), await embed('pad')];
    const dimension = squash.length / 3;
    const photo = (values: Float32Array, index: number) =>
      Array.from(values.subarray(index * dimension, (index + 1) * dimension));
    expect(photo(crop, 0)).not.toEqual(photo(squash, 0));
    expect(photo(pad, 1)).not.toEqual(photo(squash, 1));
    expect(photo(crop, 2)).toEqual(photo(squash, 2));
    expect(photo(pad, 2)).toEqual(photo(squash, 2));
  });

  it('names an original it cannot read, and a layer the backbone does not offer', async () => {
    const backbone = await loadBackbone(backboneDir);
    const layers = [backbone.layers.at(-1)!.name];
    backbone.model.dispose();
    const missing = join(work, 'gone.png');
    await expect(
      tasks.run({ op: 'embed', backbone: backboneDir, layers, originals: [missing] }),
    ).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('gone.png') });
    await expect(
      tasks.run({ op: 'embed', backbone: backboneDir, layers: ['nope'], originals }),
    ).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('nope') });
    await expect(
      tasks.run({ op: 'embed', backbone: backboneDir, layers, originals: [] }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
