import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backbone } from '../../app/engine/common/backbones.js';
import { mobileNetV2 } from '../../app/engine/common/backbones.js';
import { mobileNetV2Layers } from '../../app/engine/common/mobilenet-v2-layers.js';
import { summarizePretrained } from '../../app/engine/common/pretrained-summary.js';

const root = new URL('../..', import.meta.url).pathname;
const manifestPath = join(root, 'dist/backbones/mobilenet-v2/model.json');
const hasBuild = existsSync(manifestPath);
if (!hasBuild)
  console.warn(`pretrained summary: manifest check skipped, no ${manifestPath} (build)`);

/** Weights per layer as the bundled model stores them (`layer/weight` names). */
function manifestCounts(): Map<string, number> {
  const model = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    weightsManifest: { weights: { name: string; shape: number[] }[] }[];
  };
  const counts = new Map<string, number>();
  for (const weight of model.weightsManifest.flatMap((group) => group.weights)) {
    const layer = weight.name.split('/')[0] ?? weight.name;
    const size = weight.shape.reduce((product, side) => product * side, 1);
    counts.set(layer, (counts.get(layer) ?? 0) + size);
  }
  return counts;
}

const sumOf = (blocks: readonly { parameters: number }[]) =>
  blocks.reduce((sum, block) => sum + block.parameters, 0);

describe('MobileNetV2 layer table', () => {
  it.skipIf(!hasBuild)('stores exactly the weights of the bundled model, layer by layer', () => {
    const stored = manifestCounts();
    const computed = new Map(
      mobileNetV2Layers.filter((l) => l.parameters > 0).map((l) => [l.name, l.parameters]),
    );
    // Everything but nsfwjs's own classifier on top (dense_*) is in the table, with its count.
    const backboneStored = [...stored].filter(([name]) => !name.startsWith('dense'));
    expect(new Map(backboneStored)).toEqual(computed);
  });

  it('offers every feature layer of the registry, in the registry order', () => {
    const names = mobileNetV2Layers.map((layer) => layer.name);
    const positions = mobileNetV2.layers.map((layer) => names.indexOf(layer.name));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});

describe('summarizePretrained', () => {
  it('counts the default recipe: frozen backbone to block_16, linear head', () => {
    const summary = summarizePretrained(mobileNetV2, {}, 2);
    // block_9/10 expand (384 each), block_12_add (96), block_13 expand (576), block_16 (320).
    expect(summary.featureWidth).toBe(384 + 384 + 96 + 576 + 320);
    expect(summary.head).toEqual([
      { inputs: 1760, units: 2, activation: 'softmax', dropout: 0, parameters: 1760 * 2 + 2 },
    ]);
    const backbone = summary.backbone!;
    expect(backbone.lastLayer).toBe('block_16_project_BN');
    expect(backbone.blocks.map((block) => block.name).at(-1)).toBe('block_16');
    expect(backbone.blocks).toHaveLength(17); // the stem and blocks 1–16: Conv_1 is cut off
    expect(backbone.trainableBlocks).toEqual([]);
    expect(backbone.trainableParameters).toBe(0);
    expect(summary.trainableParameters).toBe(3522);
    expect(summary.totalParameters).toBe(backbone.frozenParameters + 3522);
  });

  it('moves the last N blocks to the trainable side when fine-tuning', () => {
    const frozen = summarizePretrained(mobileNetV2, {}, 2).backbone!;
    const tuned = summarizePretrained(mobileNetV2, { fineTune: 2 }, 2).backbone!;
    expect(tuned.trainableBlocks).toEqual(['block_15', 'block_16']);
    const lastTwo = sumOf(frozen.blocks.slice(-2));
    expect(tuned.trainableParameters).toBe(lastTwo);
    expect(tuned.frozenParameters).toBe(frozen.frozenParameters - lastTwo);
    // block_16: expand 160→960, depthwise 3×3×960, project 960→320, each conv with its batch norm.
    const block16 = 160 * 960 + 4 * 960 + 9 * 960 + 4 * 960 + 960 * 320 + 4 * 320;
    expect(tuned.blocks.at(-1)).toEqual({ name: 'block_16', parameters: block16 });
  });

  it('fine-tunes as the engine does: the last blocks of the network, and the top after them', () => {
    const top = summarizePretrained(mobileNetV2, { layers: ['out_relu'], fineTune: 1 }, 2);
    expect(top.backbone?.trainableBlocks).toEqual(['block_16', 'top']);
    // Features before block_15 leave nothing for two blocks to train.
    const early = summarizePretrained(
      mobileNetV2,
      { layers: ['block_13_expand_relu'], fineTune: 2 },
      2,
    );
    expect(early.backbone?.trainableBlocks).toEqual([]);
  });

  it('counts an MLP head and cuts the backbone at the deepest chosen layer', () => {
    const summary = summarizePretrained(
      mobileNetV2,
      { layers: ['block_13_expand_relu', 'block_6_expand_relu'], hidden: 64, dropout: 0.3 },
      3,
    );
    expect(summary.features.map((layer) => layer.name)).toEqual([
      'block_13_expand_relu',
      'block_6_expand_relu',
    ]);
    expect(summary.featureWidth).toBe(576 + 192);
    expect(summary.head).toEqual([
      { inputs: 768, units: 64, activation: 'relu', dropout: 0.3, parameters: 768 * 64 + 64 },
      { inputs: 64, units: 3, activation: 'softmax', dropout: 0, parameters: 64 * 3 + 3 },
    ]);
    const backbone = summary.backbone!;
    expect(backbone.lastLayer).toBe('block_13_expand_relu');
    // Only block_13's expand convolution and its batch norm are kept of that block.
    expect(backbone.blocks.at(-1)).toEqual({ name: 'block_13', parameters: 96 * 576 + 4 * 576 });
  });

  it('leaves the backbone uncounted when Fovea has no table of its layers', () => {
    const unknown = { ...mobileNetV2, id: 'someone-else' } as unknown as Backbone;
    const summary = summarizePretrained(unknown, {}, 2);
    expect(summary.backbone).toBeNull();
    expect(summary.totalParameters).toBeNull();
    expect(summary.headParameters).toBe(3522);
  });
});
