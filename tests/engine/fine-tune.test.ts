/**
 * Fine-tuning MobileNetV2's last blocks on wasm: the trainable blocks compute what the frozen
 * network computes before training, gradients reach their weights (through Fovea's depthwise
 * kernels), a head run trains them, and the whole network built with them scores as the run does.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mobileNetV2 } from '../../app/engine/common/backbones.js';
import { defaultTrainingConfig } from '../../app/engine/common/presets.js';
import { initBackend } from '../../app/engine/node/backend.js';
import type { LoadedBackbone } from '../../app/engine/node/backbone.js';
import { FeatureExtractor, loadBackbone, toInput } from '../../app/engine/node/backbone.js';
import { decodeOriginal } from '../../app/engine/node/embed-task.js';
import { FineTuneTrunk } from '../../app/engine/node/fine-tune-trunk.js';
import { FoldedNetwork } from '../../app/engine/node/folded-network.js';
import { HeadRun } from '../../app/engine/node/head-run.js';
import { fineTuneEntry, TrainableBlocks } from '../../app/engine/node/trainable-blocks.js';
import { buildWholeNetwork } from '../../app/engine/node/whole-network.js';

const root = resolve(import.meta.dirname, '../..');
const folder = join(root, 'dist', 'backbones', 'mobilenet-v2');
const pets = resolve(root, '../shared/data/pets/train');
const hasAll = existsSync(join(folder, 'model.json')) && existsSync(pets);
if (!hasAll)
  console.warn(
    'Skipping the fine-tuning tests: run node scripts/build.js, and ../shared/data/pets is needed.',
  );

const layers = mobileNetV2.defaultLayers;

/** A few pet photos of each of two classes. */
function photos(perClass: number, offset: number): { paths: string[]; labels: number[] } {
  const classes = readdirSync(pets).sort().slice(0, 2);
  const paths: string[] = [];
  const labels: number[] = [];
  classes.forEach((name, label) => {
    const files = readdirSync(join(pets, name))
      .sort()
      .slice(offset, offset + perClass);
    for (const file of files) {
      paths.push(join(pets, name, file));
      labels.push(label);
    }
  });
  return { paths, labels };
}

describe.skipIf(!hasAll)('fine-tuning MobileNetV2 on wasm', () => {
  let backbone: LoadedBackbone;

  beforeAll(async () => {
    await initBackend('wasm', { wasmThreads: 2 });
    backbone = await loadBackbone(folder);
  });

  afterAll(() => backbone?.model.dispose());

  it('finds the entry of the last blocks', () => {
    expect(fineTuneEntry(backbone.model, 3)).toBe('block_13_project_BN');
    expect(fineTuneEntry(backbone.model, 1)).toBe('block_15_add');
    expect(() => fineTuneEntry(backbone.model, 17)).toThrow(/has no block_0_expand/);
  });

  it('computes the frozen network’s features before training, and gets gradients for every weight', async () => {
    const { paths } = photos(2, 0);
    const images = await Promise.all(paths.map((path) => decodeOriginal(path, 224)));
    const entry = fineTuneEntry(backbone.model, 3);
    const frozen = new FoldedNetwork(backbone.model, [entry, ...layers]);
    const blocks = new TrainableBlocks(backbone.model, entry, layers);
    expect(blocks.outputs).toEqual(['block_16_project_BN']);
    const [expected, computed, gradients] = tf.tidy(() => {
      const input = toInput(images, 224, backbone.inputScaling);
      const [at, ...outputs] = frozen.run(input, [entry, ...layers]);
      const [mine] = blocks.run(at as tf.Tensor4D);
      const { grads } = tf.variableGrads(
        () =>
          blocks
            .run(at as tf.Tensor4D)[0]!
            .square()
            .mean<tf.Scalar>(),
        blocks.variables,
      );
      return [outputs.at(-1)!, mine!, Object.values(grads)];
    });
    const difference = tf.tidy(() => expected.sub(computed).abs().max().dataSync()[0]!);
    const scale = tf.tidy(() => expected.abs().max().dataSync()[0]!);
    expect(difference / scale).toBeLessThan(1e-4);
    // 3 blocks × (expand, depthwise, project) kernels and biases.
    expect(gradients).toHaveLength(18);
    for (const gradient of gradients)
      expect(tf.tidy(() => gradient.abs().sum().dataSync()[0]!)).toBeGreaterThan(0);
    tf.dispose([expected, computed, ...gradients]);
    frozen.dispose();
    blocks.dispose();
  });

  it('trains the last blocks with the head, and the whole network scores as the run did', async () => {
    const train = photos(6, 0);
    const val = photos(2, 6);
    const test = photos(3, 8);
    const all = [...train.paths, ...val.paths, ...test.paths];
    const extractor = FeatureExtractor.create(backbone, layers);
    const { embeddings } = await extractor.embed(
      await Promise.all(all.map((path) => decodeOriginal(path, 224))),
    );
    extractor.dispose();
    const dimension = embeddings.length / all.length;
    const slice = (from: number, count: number) =>
      embeddings.slice(from * dimension, (from + count) * dimension);
    const trunk = await FineTuneTrunk.create({
      backbone,
      layers,
      blocks: 2,
      originals: { train: train.paths, val: val.paths, test: test.paths },
      isStopped: () => false,
      yieldToEventLoop: () => Promise.resolve(),
    });
    const before = trunk!.foldedWeights();
    const run = new HeadRun({
      runId: 1,
      classes: ['a', 'b'],
      dimension,
      features: {
        train: { x: slice(0, 12), y: Int32Array.from(train.labels) },
        val: { x: slice(12, 4), y: Int32Array.from(val.labels) },
        test: { x: slice(16, 6), y: Int32Array.from(test.labels) },
      },
      config: { ...defaultTrainingConfig, epochs: 2, batchSize: 6, learningRate: 1e-3 },
      trunk: trunk!,
      backend: 'wasm',
      onEvent: () => undefined,
    });
    const outcome = await run.run();
    expect(outcome).toMatchObject({ state: 'completed', epochsRun: 2, steps: 4 });
    const tuned = trunk!.foldedWeights();
    const name = 'block_16_project';
    const moved = tf.tidy(
      () => tuned.get(name)!.kernel.sub(before.get(name)!.kernel).abs().max().dataSync()[0]!,
    );
    expect(moved).toBeGreaterThan(0);
    const model = buildWholeNetwork({ ...backbone, layers, head: run.headLayers(), tuned });
    const testImages = await Promise.all(test.paths.map((path) => decodeOriginal(path, 224)));
    const predicted = tf.tidy(() => {
      const input = tf
        .stack(testImages.map((image) => tf.tensor3d(image.data, [224, 224, 3], 'float32')))
        .div(255);
      return (model.predict(input) as tf.Tensor).argMax(1).arraySync() as number[];
    });
    const right = predicted.filter((label, row) => label === test.labels[row]).length;
    expect(right / test.labels.length).toBeCloseTo(outcome.test!.accuracy, 5);
    model.dispose();
    run.dispose();
    trunk!.dispose();
    for (const weights of [...before.values(), ...tuned.values()])
      tf.dispose([weights.kernel, weights.bias]);
  });
});
