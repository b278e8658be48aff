import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mobileNetV2 } from '../../app/engine/common/backbones.js';
import { initBackend } from '../../app/engine/node/backend.js';
import type { RgbImage } from '../../app/engine/node/backbone.js';
import { FeatureExtractor, loadBackbone } from '../../app/engine/node/backbone.js';

const root = new URL('../..', import.meta.url).pathname;
const hasNsfwjs = existsSync(join(root, 'node_modules/nsfwjs/dist/models/mobilenet_v2'));

async function embedOn(backend: 'cpu' | 'wasm', folder: string, image: RgbImage) {
  await initBackend(backend);
  const backbone = await loadBackbone(folder);
  try {
    const extractor = FeatureExtractor.create(backbone, mobileNetV2.defaultLayers);
    const { embeddings } = await extractor.embed([image]);
    extractor.dispose();
    // The Layers model itself, unfolded, pooled the same way.
    const reference = tf.tidy(() => {
      const probe = tf.model({
        inputs: backbone.model.inputs,
        outputs: mobileNetV2.defaultLayers.map(
          (name) => backbone.model.getLayer(name).output as tf.SymbolicTensor,
        ),
      });
      const input = tf.image
        .resizeBilinear(
          tf.tensor3d(image.data, [image.height, image.width, 3], 'float32'),
          [224, 224],
          false,
          true,
        )
        .div(255)
        .expandDims(0);
      const outputs = probe.predict(input) as tf.Tensor[];
      return tf
        .concat(
          outputs.map((output) => output.mean([1, 2])),
          1,
        )
        .dataSync() as Float32Array;
    });
    return { manifest: backbone.manifest, dimension: extractor.dimension, embeddings, reference };
  } finally {
    backbone.model.dispose();
  }
}

describe.skipIf(!hasNsfwjs)('the bundled MobileNetV2', () => {
  let work = '';

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'fovea-mobilenet-'));
    execFileSync(process.execPath, [join(root, 'scripts/build-backbones.js'), '--out', work]);
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('loads with its manifest, and embeds as the unfolded model does, the same on wasm as on cpu', async () => {
    const folder = join(work, 'mobilenet-v2');
    const width = 160;
    const image: RgbImage = {
      width,
      height: 120,
      data: Uint8Array.from({ length: width * 120 * 3 }, (_, i) => (i * 31 + (i >> 7)) % 256),
    };
    const cpu = await embedOn('cpu', folder, image);
    const wasm = await embedOn('wasm', folder, image);
    expect(cpu.manifest?.id).toBe('mobilenet-v2');
    expect(cpu.manifest?.layers).toEqual(mobileNetV2.layers);
    expect(cpu.dimension).toBe(384 + 384 + 96 + 576 + 320);
    expect(cpu.embeddings).toHaveLength(cpu.dimension);
    expect(cpu.embeddings.some((value) => value !== 0)).toBe(true);
    const scale = Math.max(...cpu.embeddings.map(Math.abs));
    wasm.embeddings.forEach((value, index) =>
      expect(Math.abs(value - cpu.embeddings[index]!)).toBeLessThan(1e-4 * scale),
    );
    // Folding batch norm into the convolutions changes nothing but rounding.
    cpu.reference.forEach((value, index) =>
      expect(Math.abs(value - cpu.embeddings[index]!)).toBeLessThan(1e-4 * scale),
    );
  });
});
