import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../app/engine/common/spec.js';
import type { VisualFrame } from '../../app/engine/common/visuals.js';
import { buildModel } from '../../app/engine/node/model.js';
import { TrainingRun } from '../../app/engine/node/train.js';
import {
  FeatureMapProbe,
  mapLayerIndices,
  readFilters,
  TrainingVisuals,
} from '../../app/engine/node/visuals.js';
import { quickConfig, separableSource, tinySpec } from './fixtures.js';

beforeAll(async () => {
  // As the engine does (backend.ts): no "install tfjs-node" banner from the cpu backend.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
});

const twoConvs: ModelSpec = {
  name: 'two convs',
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'conv2d', filters: 5, kernelSize: 3, padding: 'valid', activation: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 2, activation: 'softmax' },
  ],
};

const probe = {
  size: 8,
  imageId: null,
  pixels: new Uint8Array(8 * 8 * 3).map((_, i) => (i * 37) % 256),
};

describe('filters and feature maps', () => {
  it('reads the first layer as RGB tiles and deeper ones per input channel', () => {
    const model = buildModel(twoConvs, { size: 8, classes: 2 });
    const [first, second] = readFilters(model, twoConvs);
    expect(first).toMatchObject({ layerIndex: 0, filters: 4, channels: 3, size: 3, isRgb: true });
    expect(first!.pixels).toHaveLength(4 * 3 * 3 * 3);
    expect(second).toMatchObject({ layerIndex: 2, filters: 5, channels: 4, size: 3, isRgb: false });
    expect(second!.pixels).toHaveLength(5 * 4 * 9);
    // One symmetric scale per grid: the largest weight reaches an end of the byte range.
    expect(Math.max(...first!.pixels.map((b) => Math.abs(b - 128)))).toBe(127);
    model.dispose();
  });

  it('maps each conv and pool layer of a probe image, channel by channel', () => {
    const model = buildModel(twoConvs, { size: 8, classes: 2 });
    expect(mapLayerIndices(twoConvs)).toEqual([0, 1, 2]);
    const maps = new FeatureMapProbe(model, twoConvs).read(probe);
    expect(
      maps.map(({ layerIndex, channels, height, width }) => [layerIndex, channels, height, width]),
    ).toEqual([
      [0, 4, 8, 8],
      [1, 4, 4, 4],
      [2, 5, 2, 2],
    ]);
    expect(maps[0]!.pixels).toHaveLength(4 * 64);
    model.dispose();
  });

  it('keeps the tensor count flat across repeated reads', () => {
    const model = buildModel(twoConvs, { size: 8, classes: 2 });
    const maps = new FeatureMapProbe(model, twoConvs);
    readFilters(model, twoConvs);
    maps.read(probe);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      readFilters(model, twoConvs);
      maps.read(probe);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('TrainingVisuals in a run', () => {
  it('stores the start, every N steps and each epoch end; the filters change as it learns', async () => {
    const frames: VisualFrame[] = [];
    let now = 0;
    const visuals = new TrainingVisuals({
      spec: tinySpec,
      config: { liveIntervalMs: 0, snapshotEverySteps: 4 },
      probe,
      emit: (frame) => frames.push(frame),
      clock: () => now,
    });
    const run = new TrainingRun({
      runId: 1,
      spec: tinySpec,
      config: { ...quickConfig, epochs: 2 },
      data: separableSource(),
      backend: 'cpu',
      clock: () => (now += 10),
      onEvent: () => undefined,
      observer: visuals,
    });
    await run.run();
    // 8 steps per epoch: start, steps 4, 8, 12, 16, and the two epoch ends.
    expect(frames.map((f) => `${f.kind}@${f.step}`)).toEqual([
      'start@0',
      'step@4',
      'step@8',
      'epoch@8',
      'step@12',
      'step@16',
      'epoch@16',
    ]);
    expect(frames.every((f) => f.maps?.length === 2)).toBe(true);
    expect(frames[0]!.filters[0]!.pixels).not.toEqual(frames.at(-1)!.filters[0]!.pixels);
    run.model?.dispose();
  });

  it('sends live frames at most once per interval, with the newest probe', async () => {
    const frames: VisualFrame[] = [];
    let now = 0;
    const visuals = new TrainingVisuals({
      spec: tinySpec,
      config: { liveIntervalMs: 25, snapshotEverySteps: 0 },
      probe: null,
      emit: (frame) => frames.push(frame),
      clock: () => now,
    });
    const run = new TrainingRun({
      runId: 2,
      spec: tinySpec,
      config: { ...quickConfig, epochs: 1 },
      data: separableSource(),
      backend: 'cpu',
      clock: () => (now += 5),
      onEvent: () => undefined,
      observer: visuals,
    });
    visuals.setProbe(probe);
    await run.run();
    const live = frames.filter((f) => f.kind === 'live');
    expect(live.length).toBeGreaterThan(0);
    // At most one frame per interval: the clock moves 5 ms a call, so a frame every few steps.
    expect(frames.filter((f) => f.kind !== 'epoch').length).toBeLessThan(8);
    expect(live.length).toBeLessThan(8);
    expect(live.every((f) => f.maps !== null)).toBe(true);
    run.model?.dispose();
  });

  it('spaces step snapshots at least the live interval apart, replacing live frames', async () => {
    const frames: VisualFrame[] = [];
    let now = 0;
    const visuals = new TrainingVisuals({
      spec: tinySpec,
      config: { liveIntervalMs: 1000, snapshotEverySteps: 2 },
      probe,
      emit: (frame) => frames.push(frame),
      clock: () => now,
    });
    const run = new TrainingRun({
      runId: 3,
      spec: tinySpec,
      config: { ...quickConfig, epochs: 1 },
      data: separableSource(),
      backend: 'cpu',
      clock: () => (now += 100),
      onEvent: () => undefined,
      observer: visuals,
    });
    await run.run();
    const stored = frames.filter((f) => f.kind === 'step').map((f) => f.step);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(4);
    expect(frames.some((f) => f.kind === 'live')).toBe(false);
    expect(frames.at(-1)?.kind).toBe('epoch');
    run.model?.dispose();
  });
});
