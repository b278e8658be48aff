/**
 * A pretrained run in the engine, end to end on a small backbone: the head trains on embeddings,
 * the engine builds the whole network from it, and every model task works on that network —
 * evaluate agrees with the head's own test report, the saved folder predicts the same, Grad-CAM
 * explains the last convolution, and TF.js and ONNX exports re-predict the test split.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seededRandom } from '../../app/base/common/random.js';
import type { ClosableDataSource, DataPlan, Split } from '../../app/engine/common/data-source.js';
import { splits } from '../../app/engine/common/data-source.js';
import type { ModelTask, ResultFor } from '../../app/engine/common/model-tasks.js';
import { defaultTrainingConfig, presets } from '../../app/engine/common/presets.js';
import type { EngineMessage } from '../../app/engine/common/protocol.js';
import type { TrainingOutcome } from '../../app/engine/common/training.js';
import type { RgbImage } from '../../app/engine/node/backbone.js';
import { FeatureExtractor, loadBackbone } from '../../app/engine/node/backbone.js';
import { initBackend } from '../../app/engine/node/backend.js';
import { Engine } from '../../app/engine/node/engine.js';
import { mobileBlock, perturbNorms, saveLayersFolder } from './backbone-fixtures.js';

const size = 12;
const classes = ['dark', 'light'];
const counts: Record<Split, number> = { train: 40, val: 10, test: 20 };

/** Class 1 images are brighter on average, with noise, so a head learns most but not all. */
function makeImages(): Map<number, { image: RgbImage; label: number }> {
  const random = seededRandom(11);
  const images = new Map<number, { image: RgbImage; label: number }>();
  let id = 1;
  for (const split of splits)
    for (let index = 0; index < counts[split]; index++) {
      const label = index % 2;
      const data = Uint8Array.from({ length: size * size * 3 }, () =>
        Math.min(255, Math.floor(random() * 200 + label * 40)),
      );
      images.set(id++, { image: { data, width: size, height: size }, label });
    }
  return images;
}

describe('a pretrained run’s whole network in the engine', () => {
  let work = '';
  const images = makeImages();
  const ids = [...images.keys()];
  let plan: DataPlan;
  let engine: Engine;
  const messages: EngineMessage[] = [];
  let layers: string[] = [];
  let outcome: TrainingOutcome;
  let nextRequest = 100;

  const openData = (wanted: DataPlan): ClosableDataSource => ({
    classes: wanted.classes,
    size: wanted.size,
    count: (split) => wanted.splits[split].length,
    readBatch: (split, indices) => {
      const items = indices.map((index) => wanted.splits[split][index]!);
      const x = new Uint8Array(items.length * size * size * 3);
      items.forEach((item, row) =>
        x.set(images.get(item.imageId)!.image.data, row * size ** 2 * 3),
      );
      return { x, y: Int32Array.from(items, (item) => item.label) };
    },
    close: () => {},
  });

  async function task<T extends ModelTask>(body: T): Promise<ResultFor<T>> {
    const requestId = nextRequest++;
    await engine.handle({ type: 'model', requestId, task: body });
    const reply = messages.find(
      (message) =>
        (message.type === 'result' || message.type === 'error') &&
        'requestId' in message &&
        message.requestId === requestId,
    );
    if (reply?.type !== 'result') throw new Error(JSON.stringify(reply));
    return reply.value as ResultFor<T>;
  }

  beforeAll(async () => {
    await initBackend('cpu');
    work = mkdtempSync(join(tmpdir(), 'fovea-whole-tasks-'));
    const model = mobileBlock();
    perturbNorms(model);
    const names = model.layers.map((layer) => layer.name);
    // Features that vary across images: a channel pooled to almost the same value everywhere
    // gets a tiny spread, and the head's standardization would magnify float noise there.
    layers = [
      names.find((name) => name.startsWith('add'))!,
      names.filter((name) => name.startsWith('batch_normalization')).at(-1)!,
    ];
    await saveLayersFolder(model, join(work, 'backbone'));
    model.dispose();
    let next = 0;
    const items = Object.fromEntries(
      splits.map((split) => [
        split,
        ids
          .slice(next, (next += counts[split]))
          .map((imageId) => ({ imageId, label: images.get(imageId)!.label })),
      ]),
    ) as unknown as DataPlan['splits'];
    plan = { dbPath: '/nowhere.db', size, classes, splits: items };
    // The embeddings, as the embed task computes them.
    const backbone = await loadBackbone(join(work, 'backbone'));
    const extractor = FeatureExtractor.create(backbone, layers);
    const features = {} as Record<Split, ArrayBuffer>;
    for (const split of splits) {
      const batch = items[split].map((item) => images.get(item.imageId)!.image);
      features[split] = (await extractor.embed(batch)).embeddings.slice().buffer;
    }
    const dimension = extractor.dimension;
    extractor.dispose();
    backbone.model.dispose();
    engine = new Engine({
      send: (message) => messages.push(message),
      loadBackend: async () => (await initBackend('cpu')).name,
      exit: () => {},
      openData,
    });
    await engine.handle({ type: 'init', backend: 'cpu' });
    await engine.handle({
      type: 'train',
      requestId: 1,
      runId: 9,
      spec: presets[0]!.spec(2),
      config: { ...defaultTrainingConfig, epochs: 20, batchSize: 8, learningRate: 0.05 },
      plan,
      head: { dimension, features, backbone: { dir: join(work, 'backbone'), layers } },
    });
    const result = messages.find((message) => message.type === 'result');
    if (result?.type !== 'result') throw new Error(JSON.stringify(messages.at(-1)));
    outcome = result.value as TrainingOutcome;
  });

  afterAll(async () => {
    await engine.handle({ type: 'dispose' });
    rmSync(work, { recursive: true, force: true });
  });

  function scored(probabilities: ArrayBuffer): { accuracy: number; confusion: number[][] } {
    const values = new Float32Array(probabilities);
    const confusion = classes.map(() => classes.map(() => 0));
    plan.splits.test.forEach((item, row) => {
      const predicted = values[row * 2 + 1]! > values[row * 2]! ? 1 : 0;
      confusion[item.label]![predicted]! += 1;
    });
    const correct = confusion[0]![0]! + confusion[1]![1]!;
    return { accuracy: correct / plan.splits.test.length, confusion };
  }

  it('evaluates the test split as the head’s own report scored it', async () => {
    expect(outcome.state).toBe('completed');
    const result = await task({
      op: 'evaluate',
      model: { runId: 9, dir: '' },
      plan,
      split: 'test',
    });
    expect(result.classes).toEqual(classes);
    const { accuracy, confusion } = scored(result.probabilities);
    expect(accuracy).toBeCloseTo(outcome.test!.accuracy, 6);
    expect(confusion).toEqual(outcome.test!.confusion);
  });

  it('saves a folder that predicts what the engine’s copy predicts', async () => {
    const dir = join(work, 'models', '9');
    await task({ op: 'save', runId: 9, dir });
    const image = images.get(plan.splits.test[0]!.imageId)!.image.data.slice().buffer;
    const held = await task({ op: 'predict', model: { runId: 9, dir }, images: image, count: 1 });
    const loaded = await task({
      op: 'predict',
      model: { runId: null, dir },
      images: image,
      count: 1,
    });
    expect([...new Float32Array(loaded.probabilities)]).toEqual([
      ...new Float32Array(held.probabilities),
    ]);
  });

  it('explains the last convolution with Grad-CAM', async () => {
    const pixels = new Uint8Array(2 * size * size * 3);
    plan.splits.test.slice(0, 2).forEach((item, index) => {
      pixels.set(images.get(item.imageId)!.image.data, index * size * size * 3);
    });
    const result = await task({
      op: 'gradcam',
      model: { runId: 9, dir: '' },
      images: pixels.buffer,
      count: 2,
      classIndex: null,
    });
    // mobileBlock's last Conv2D is its 1×1 projection at 6×6.
    expect(result.layer).toMatch(/^(conv2d|batch_normalization)/);
    expect(result.side).toBe(6);
    const heatmaps = new Float32Array(result.heatmaps);
    expect(heatmaps).toHaveLength(2 * 36);
    expect(Math.max(...heatmaps)).toBeLessThanOrEqual(1);
    expect(Math.min(...heatmaps)).toBeGreaterThanOrEqual(0);
  });

  it.each(['tfjs', 'onnx'] as const)(
    'exports %s that re-predicts the test split as the app does',
    async (format) => {
      const dir = join(work, `export-${format}`);
      await task({ op: 'export', model: { runId: 9, dir: '' }, format, dir });
      const app = await task({ op: 'evaluate', model: { runId: 9, dir: '' }, plan, split: 'test' });
      const exported = await task({ op: 'verify', format, dir, plan, split: 'test' });
      const expected = new Float32Array(app.probabilities);
      const actual = new Float32Array(exported.probabilities);
      expect(actual).toHaveLength(expected.length);
      const worst = actual.reduce(
        (most, value, index) => Math.max(most, Math.abs(value - expected[index]!)),
        0,
      );
      expect(worst).toBeLessThan(1e-4);
      expect(scored(exported.probabilities)).toEqual(scored(app.probabilities));
    },
  );
});
