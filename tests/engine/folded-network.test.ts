import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { initBackend } from '../../app/engine/node/backend.js';
import { FoldedNetwork } from '../../app/engine/node/folded-network.js';
import { mobileBlock, perturbNorms } from './backbone-fixtures.js';

function worstDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]!);
}

describe('FoldedNetwork', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('computes what the Layers model computes, at every layer asked for', () => {
    const model = mobileBlock();
    perturbNorms(model);
    const names = model.layers.map((layer) => layer.name);
    // The output, a fused chain's end (a ReLU6), and a conv and a norm that would otherwise fold.
    const asked = [
      names[names.length - 1]!,
      names.find((name) => name.startsWith('re_lu'))!,
      names.find((name) => name.startsWith('depthwise'))!,
      names.filter((name) => name.startsWith('batch_normalization')).at(-1)!,
    ];
    const input = tf.randomUniform<tf.Rank.R4>([2, 12, 12, 3], 0, 1, 'float32', 2);
    const probe = tf.model({
      inputs: model.inputs,
      outputs: asked.map((name) => model.getLayer(name).output as tf.SymbolicTensor),
    });
    const expected = probe.predict(input) as tf.Tensor[];
    const network = new FoldedNetwork(model, asked);
    const actual = network.run(input, asked);
    asked.forEach((name, index) => {
      expect(actual[index]!.shape, name).toEqual(expected[index]!.shape);
      expect(worstDifference(actual[index]!, expected[index]!), name).toBeLessThan(1e-5);
    });
    network.dispose();
    tf.dispose([input, ...expected, ...actual]);
    model.dispose();
  });

  it('folds norms and fuses Relu6: fewer kernels than the Layers model runs', async () => {
    const model = mobileBlock();
    const output = model.layers.at(-1)!.name;
    const network = new FoldedNetwork(model, [output]);
    const input = tf.randomUniform<tf.Rank.R4>([1, 12, 12, 3]);
    // Read each profile at once: tfjs reuses the object for the next one.
    const kernels = async (run: () => tf.Tensor) =>
      (await tf.profile(run)).kernels.map((kernel) => kernel.name);
    const layered = await kernels(() => model.predict(input) as tf.Tensor);
    const folded = await kernels(() => network.run(input, [output])[0]!);
    const count = (names: string[], name: string) => names.filter((each) => each === name).length;
    // Five norms; the one after an activation cannot fold.
    expect(count(layered, 'FusedBatchNorm')).toBe(5);
    expect(count(folded, 'FusedBatchNorm')).toBe(1);
    expect(layered).toContain('ClipByValue');
    expect(folded).not.toContain('ClipByValue');
    expect(folded.length).toBeLessThan(layered.length);
    network.dispose();
    input.dispose();
    model.dispose();
  });

  it('keeps no tensors beyond its folded weights', () => {
    const model = mobileBlock();
    const output = model.layers.at(-1)!.name;
    const before = tf.memory().numTensors;
    const network = new FoldedNetwork(model, [output]);
    const input = tf.randomUniform<tf.Rank.R4>([1, 12, 12, 3]);
    for (let run = 0; run < 3; run++) network.run(input, [output])[0]!.dispose();
    input.dispose();
    network.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
