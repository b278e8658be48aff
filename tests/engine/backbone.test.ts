import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { initBackend } from '../../app/engine/node/backend.js';
import type { LoadedBackbone, RgbImage } from '../../app/engine/node/backbone.js';
import { FeatureExtractor, loadBackbone } from '../../app/engine/node/backbone.js';
import { saveLayersFolder } from './backbone-fixtures.js';

/** A two-stage functional CNN on 8×8 RGB: small enough to check by hand, shaped like a backbone. */
function tinyBackbone(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3], name: 'pixels' });
  const first = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'stage_1' })
    .apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }).apply(first);
  const second = tf.layers
    .conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', name: 'stage_2' })
    .apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: second, name: 'tiny' });
}

function pattern(width: number, height: number, seed: number): RgbImage {
  const data = Uint8Array.from(
    { length: width * height * 3 },
    (_, i) => (i * 37 + seed * 11) % 256,
  );
  return { data, width, height };
}

function mirrored(image: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++)
      for (let c = 0; c < 3; c++)
        data[(y * image.width + x) * 3 + c] =
          image.data[(y * image.width + (image.width - 1 - x)) * 3 + c]!;
  return { ...image, data };
}

describe('FeatureExtractor on a small Layers model', () => {
  let work = '';
  let backbone: LoadedBackbone;

  beforeAll(async () => {
    await initBackend('cpu');
    work = mkdtempSync(join(tmpdir(), 'fovea-backbone-'));
    await saveLayersFolder(tinyBackbone(), work);
    backbone = await loadBackbone(work);
  });

  afterAll(() => {
    backbone.model.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('offers every image-shaped layer of a folder without backbone.json', () => {
    expect(backbone.inputSize).toBe(8);
    expect(backbone.inputScaling).toEqual({ min: 0, max: 1 });
    expect(backbone.layers).toEqual([
      { name: 'stage_1', side: 8, channels: 4 },
      { name: 'pool', side: 4, channels: 4 },
      { name: 'stage_2', side: 4, channels: 6 },
    ]);
  });

  it('concatenates the chosen layers, each averaged over height and width', async () => {
    const extractor = FeatureExtractor.create(backbone, ['stage_2', 'stage_1']);
    expect(extractor.dimension).toBe(10);
    const images = [pattern(8, 8, 1), pattern(8, 8, 2)];
    const { embeddings, flipped } = await extractor.embed(images);
    expect(flipped).toBeNull();
    const expected = tf.tidy(() => {
      const input = tf.stack(images.map((image) => tf.tensor3d(image.data, [8, 8, 3], 'float32')));
      const probe = tf.model({
        inputs: backbone.model.inputs,
        outputs: ['stage_2', 'stage_1'].map(
          (name) => backbone.model.getLayer(name).output as tf.SymbolicTensor,
        ),
      });
      const outputs = probe.predict(input.div(255)) as tf.Tensor[];
      return tf
        .concat(
          outputs.map((output) => output.mean([1, 2])),
          1,
        )
        .dataSync();
    });
    expect(embeddings).toHaveLength(20);
    embeddings.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 5));
  });

  it("embeds the mirror images alongside, as the mirrored pixels' own embeddings", async () => {
    const extractor = FeatureExtractor.create(backbone, ['stage_1', 'stage_2']);
    const images = [pattern(8, 8, 3), pattern(8, 8, 4)];
    const { embeddings, flipped } = await extractor.embed(images, { withFlipped: true });
    const direct = await extractor.embed(images.map(mirrored));
    expect(flipped).not.toBeNull();
    flipped!.forEach((value, index) => expect(value).toBeCloseTo(direct.embeddings[index]!, 5));
    expect(Array.from(flipped!)).not.toEqual(Array.from(embeddings));
  });

  it('resizes images of any size to the input size', async () => {
    const extractor = FeatureExtractor.create(backbone, ['stage_2']);
    // A flat colour stays the same colour at any size, so its embedding cannot change.
    const flat = (width: number, height: number): RgbImage => ({
      width,
      height,
      data: new Uint8Array(width * height * 3).fill(200),
    });
    const { embeddings } = await extractor.embed([flat(8, 8), flat(31, 17), flat(3, 5)]);
    for (let image = 1; image < 3; image++)
      for (let index = 0; index < 6; index++)
        expect(embeddings[image * 6 + index]).toBeCloseTo(embeddings[index]!, 5);
  });

  it('keeps no tensors across calls', async () => {
    const extractor = FeatureExtractor.create(backbone, ['stage_1', 'stage_2']);
    await extractor.embed([pattern(9, 7, 1)], { withFlipped: true });
    const before = tf.memory().numTensors;
    for (let call = 0; call < 3; call++)
      await extractor.embed([pattern(9, 7, call)], { withFlipped: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses unknown layers, no layers, and pixels that do not fit the size', async () => {
    expect(() => FeatureExtractor.create(backbone, ['stage_9'])).toThrow(
      /offers no layer stage_9; it offers stage_1, pool, stage_2/,
    );
    expect(() => FeatureExtractor.create(backbone, [])).toThrow(/at least one layer/);
    const extractor = FeatureExtractor.create(backbone, ['stage_1']);
    await expect(
      extractor.embed([{ width: 4, height: 4, data: new Uint8Array(10) }]),
    ).rejects.toMatchObject({ code: 'invalid_argument', message: /needs 48 bytes, not 10/ });
  });

  it('refuses a model whose input is not a fixed square RGB image', async () => {
    const folder = join(work, 'gray');
    const input = tf.input({ shape: [8, 8, 1] });
    const output = tf.layers.conv2d({ filters: 2, kernelSize: 3 }).apply(input);
    await saveLayersFolder(
      tf.model({ inputs: input, outputs: output as tf.SymbolicTensor }),
      folder,
    );
    await expect(loadBackbone(folder)).rejects.toMatchObject({
      code: 'invalid_argument',
      message: /input must be an RGB image/,
    });
  });

  it('says when TensorFlow.js cannot build the topology', async () => {
    const folder = join(work, 'broken');
    await saveLayersFolder(tinyBackbone(), folder);
    writeFileSync(
      join(folder, 'model.json'),
      JSON.stringify({ modelTopology: { class_name: 'Nonsense' }, weightsManifest: [] }),
    );
    await expect(loadBackbone(folder)).rejects.toMatchObject({
      code: 'invalid_argument',
      message: /TensorFlow\.js cannot build it/,
    });
  });
});
