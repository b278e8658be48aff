import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seededRandom } from '../../app/base/common/random.js';
import type { InputScaling } from '../../app/engine/common/backbones.js';
import type { HeadLayers } from '../../app/engine/common/head-layers.js';
import type { LoadedBackbone, RgbImage } from '../../app/engine/node/backbone.js';
import { FeatureExtractor, imageLayers } from '../../app/engine/node/backbone.js';
import { initBackend } from '../../app/engine/node/backend.js';
import { loadLayersModel, saveLayersModel } from '../../app/engine/node/model-store.js';
import { buildWholeNetwork } from '../../app/engine/node/whole-network.js';
import { mobileBlock, perturbNorms } from './backbone-fixtures.js';

const size = 12;

function images(count: number, seed: number): RgbImage[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    data: Uint8Array.from({ length: size * size * 3 }, () => Math.floor(random() * 256)),
    width: size,
    height: size,
  }));
}

function randomHead(dimension: number, hidden: number, classes: number): HeadLayers {
  const random = seededRandom(5);
  const values = (length: number) => Float32Array.from({ length }, () => random() - 0.5);
  return {
    dense: [
      { kernel: values(dimension * hidden), bias: values(hidden), activation: 'relu' },
      { kernel: values(hidden * classes), bias: values(classes), activation: 'softmax' },
    ],
  };
}

/** What the pretrained recipe computes: embeddings by FeatureExtractor, then the head by hand. */
async function expectedProbabilities(
  backbone: LoadedBackbone,
  layers: string[],
  head: HeadLayers,
  batch: RgbImage[],
): Promise<Float32Array> {
  const extractor = FeatureExtractor.create(backbone, layers);
  const { embeddings } = await extractor.embed(batch);
  extractor.dispose();
  return tf.tidy(() => {
    let x: tf.Tensor2D = tf.tensor2d(embeddings, [batch.length, extractor.dimension]);
    for (const layer of head.dense) {
      const inputs = layer.kernel.length / layer.bias.length;
      const kernel = tf.tensor2d(layer.kernel, [inputs, layer.bias.length]);
      const z = x.matMul(kernel).add<tf.Tensor2D>(tf.tensor1d(layer.bias));
      x = layer.activation === 'relu' ? tf.relu(z) : tf.softmax(z);
    }
    return x.dataSync() as Float32Array;
  });
}

function predict(model: tf.LayersModel, batch: RgbImage[]): Float32Array {
  return tf.tidy(() => {
    const pixels = tf.stack(
      batch.map((image) => tf.tensor3d(image.data, [size, size, 3], 'int32')),
    );
    return (model.predict(pixels.toFloat().div(255)) as tf.Tensor).dataSync() as Float32Array;
  });
}

function worst(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((most, value, index) => Math.max(most, Math.abs(value - b[index]!)), 0);
}

describe('buildWholeNetwork', () => {
  let work = '';
  let backbone: LoadedBackbone;
  let layers: string[];

  beforeAll(async () => {
    await initBackend('cpu');
    work = mkdtempSync(join(tmpdir(), 'fovea-whole-'));
    const model = mobileBlock();
    perturbNorms(model);
    const names = model.layers.map((layer) => layer.name);
    // An early ReLU6, the residual add and the last (unfoldable) norm: three pooled features.
    layers = [
      names.find((name) => name.startsWith('re_lu'))!,
      names.find((name) => name.startsWith('add'))!,
      names.filter((name) => name.startsWith('batch_normalization')).at(-1)!,
    ];
    backbone = {
      directory: work,
      model,
      inputSize: size,
      inputScaling: { min: 0, max: 1 },
      layers: imageLayers(model),
      manifest: null,
    };
  });

  afterAll(() => {
    backbone.model.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('predicts what the embeddings and the head predict, with norms folded away', async () => {
    const extractor = FeatureExtractor.create(backbone, layers);
    const head = randomHead(extractor.dimension, 5, 3);
    extractor.dispose();
    const whole = buildWholeNetwork({ ...backbone, layers, head });
    const batch = images(4, 1);
    const expected = await expectedProbabilities(backbone, layers, head, batch);
    expect(worst(predict(whole, batch), expected)).toBeLessThan(1e-5);
    const kinds = whole.layers.map((layer) => layer.getClassName());
    // Four of the five norms fold; the one after an activation stays.
    expect(kinds.filter((kind) => kind === 'BatchNormalization')).toHaveLength(1);
    expect(kinds).toContain('Concatenate');
    expect(whole.outputs[0]!.shape).toEqual([null, 3]);
    whole.dispose();
  });

  it('saves and loads back as a Layers model that predicts the same', async () => {
    const extractor = FeatureExtractor.create(backbone, layers);
    const head = randomHead(extractor.dimension, 4, 2);
    extractor.dispose();
    const whole = buildWholeNetwork({ ...backbone, layers, head });
    const folder = join(work, 'saved');
    await saveLayersModel(whole, folder, { classes: ['a', 'b'], size });
    const loaded = await loadLayersModel(folder);
    const batch = images(3, 2);
    expect(worst(predict(loaded, batch), predict(whole, batch))).toBe(0);
    whole.dispose();
    loaded.dispose();
  });

  it('bakes another input scaling into the model, so it still takes uint8 / 255', async () => {
    const scaling: InputScaling = { min: -1, max: 1 };
    const scaledBackbone = { ...backbone, inputScaling: scaling };
    const extractor = FeatureExtractor.create(scaledBackbone, layers);
    const head = randomHead(extractor.dimension, 3, 2);
    extractor.dispose();
    const whole = buildWholeNetwork({ ...scaledBackbone, layers, head });
    const batch = images(2, 3);
    const expected = await expectedProbabilities(scaledBackbone, layers, head, batch);
    expect(worst(predict(whole, batch), expected)).toBeLessThan(1e-5);
    whole.dispose();
  });

  it('refuses a head whose width does not match the layers', () => {
    const head = randomHead(7, 2, 2);
    expect(() => buildWholeNetwork({ ...backbone, layers, head })).toThrow(/takes 7 features/);
  });
});
