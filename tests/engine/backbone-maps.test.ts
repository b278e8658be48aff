import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hierarchyLayers, maxMapSide } from '../../app/engine/common/backbone-maps.js';
import type { OpenDataSource } from '../../app/engine/common/data-source.js';
import { initBackend } from '../../app/engine/node/backend.js';
import { ModelTasks } from '../../app/engine/node/model-tasks.js';

const root = join(import.meta.dirname, '../..');
const backbone = join(root, 'dist/backbones/mobilenet-v2');
const hasBackbone = existsSync(join(backbone, 'model.json'));
if (!hasBackbone) console.warn('skipped: build dist/backbones first (node scripts/build.js)');

const noData: OpenDataSource = () => {
  throw new Error('the maps read no plan');
};

/** A photo-like image: a dark disc on a light, striped background. */
async function photo(): Promise<ArrayBuffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">
    <rect width="300" height="200" fill="#dde"/>
    ${Array.from({ length: 10 }, (_, i) => `<rect x="${i * 30}" width="12" height="200" fill="#aab"/>`).join('')}
    <circle cx="150" cy="100" r="60" fill="#222"/></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength);
}

describe.skipIf(!hasBackbone)('the backboneMaps task', () => {
  const tasks = new ModelTasks(noData);

  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(() => tasks.dispose());

  it('returns the most varied channels of each layer as small, non-blank grids', async () => {
    const image = await photo();
    const result = await tasks.run({
      op: 'backboneMaps',
      backbone,
      layers: hierarchyLayers,
      image,
      channels: 6,
    });
    expect(result.inputSize).toBe(224);
    expect(result.layers.map((layer) => layer.name)).toEqual(hierarchyLayers);
    expect(result.layers.map((layer) => [layer.layerSide, layer.side, layer.channels])).toEqual([
      [112, 56, 32],
      [56, 56, 144],
      [28, 28, 192],
      [14, 14, 576],
    ]);
    for (const layer of result.layers) {
      expect(layer.side).toBeLessThanOrEqual(maxMapSide);
      expect(layer.shown).toHaveLength(6);
      expect(new Set(layer.shown).size).toBe(6);
      expect(layer.pixels).toHaveLength(6 * layer.side * layer.side);
      // Each shown map spans the full range: it varies over the photo.
      for (let map = 0; map < 6; map++) {
        const one = layer.pixels.subarray(map * layer.side ** 2, (map + 1) * layer.side ** 2);
        expect(Math.max(...one)).toBe(255);
        expect(Math.min(...one)).toBe(0);
      }
    }
    // The same image again gives the same maps, and holds no more tensors than before.
    const before = tf.memory().numTensors;
    const again = await tasks.run({
      op: 'backboneMaps',
      backbone,
      layers: hierarchyLayers,
      image,
      channels: 6,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(again.layers[0]!.pixels).toEqual(result.layers[0]!.pixels);
  });

  it('refuses a layer the backbone lacks, a bad count and a file that is not an image', async () => {
    const image = await photo();
    await expect(
      tasks.run({ op: 'backboneMaps', backbone, layers: ['nope'], image, channels: 6 }),
    ).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('nope') });
    await expect(
      tasks.run({ op: 'backboneMaps', backbone, layers: hierarchyLayers, image, channels: 0 }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(
      tasks.run({
        op: 'backboneMaps',
        backbone,
        layers: hierarchyLayers,
        image: new TextEncoder().encode('not an image').buffer,
        channels: 6,
      }),
    ).rejects.toMatchObject({ code: 'bad_image' });
  });
});
