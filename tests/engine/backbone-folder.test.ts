import {
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { readBackboneFolder } from '../../app/engine/node/backbone-folder.js';
import { initBackend } from '../../app/engine/node/backend.js';
import { saveLayersFolder } from './backbone-fixtures.js';

function smallModel(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 3] });
  const output = tf.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv' }).apply(input);
  return tf.model({ inputs: input, outputs: output as tf.SymbolicTensor });
}

describe('readBackboneFolder', () => {
  let work = '';
  let folder = '';
  let modelJson = '';

  beforeAll(async () => {
    await initBackend('cpu');
    work = mkdtempSync(join(tmpdir(), 'fovea-backbone-folder-'));
  });

  beforeEach(async () => {
    folder = mkdtempSync(join(work, 'model-'));
    await saveLayersFolder(smallModel(), folder);
    modelJson = join(folder, 'model.json');
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  const rewrite = (change: (json: Record<string, unknown>) => void): void => {
    const json = JSON.parse(readFileSync(modelJson, 'utf8')) as Record<string, unknown>;
    change(json);
    writeFileSync(modelJson, JSON.stringify(json));
  };

  const refusal = (message: RegExp) => ({ code: 'invalid_argument', message });

  it('reads a Layers folder: topology, weight specs and the shards as one buffer', async () => {
    const files = await readBackboneFolder(folder);
    expect(files.manifest).toBeNull();
    expect(files.artifacts.weightSpecs?.map((spec) => spec.name)).toEqual([
      'conv/kernel',
      'conv/bias',
    ]);
    expect((files.artifacts.weightData as ArrayBuffer).byteLength).toBe((3 * 3 * 3 * 2 + 2) * 4);
  });

  it('says what is missing or wrong', async () => {
    await expect(readBackboneFolder(join(work, 'nowhere'))).rejects.toMatchObject(
      refusal(/has no model\.json/),
    );
    writeFileSync(modelJson, '{ not json');
    await expect(readBackboneFolder(folder)).rejects.toMatchObject(refusal(/not valid JSON/));
    writeFileSync(modelJson, JSON.stringify({ format: 'graph-model', modelTopology: {} }));
    await expect(readBackboneFolder(folder)).rejects.toMatchObject(refusal(/graph model/));
    writeFileSync(modelJson, JSON.stringify({ modelTopology: {} }));
    await expect(readBackboneFolder(folder)).rejects.toMatchObject(refusal(/no weightsManifest/));
  });

  it('refuses a missing, truncated or escaping weight file', async () => {
    truncateSync(join(folder, 'weights.bin'), 10);
    await expect(readBackboneFolder(folder)).rejects.toMatchObject(
      refusal(/hold 10 bytes, but model\.json describes 224/),
    );
    unlinkSync(join(folder, 'weights.bin'));
    await expect(readBackboneFolder(folder)).rejects.toMatchObject(
      refusal(/weight file weights\.bin is missing/),
    );
    rewrite((json) => {
      (json['weightsManifest'] as { paths: string[] }[])[0]!.paths = ['../../etc/passwd'];
    });
    await expect(readBackboneFolder(folder)).rejects.toMatchObject(refusal(/outside the folder/));
  });

  it('counts quantized weights at their stored size', async () => {
    rewrite((json) => {
      const [group] = json['weightsManifest'] as { weights: Record<string, unknown>[] }[];
      for (const weight of group!.weights)
        weight['quantization'] = { dtype: 'uint8', min: -1, scale: 0.01 };
    });
    truncateSync(join(folder, 'weights.bin'), 56);
    const files = await readBackboneFolder(folder);
    expect((files.artifacts.weightData as ArrayBuffer).byteLength).toBe(56);
  });
});
