import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';

/** Writes `model` as a TF.js Layers folder (model.json + one shard), as tfjs-node's file:// does. */
export async function saveLayersFolder(model: tf.LayersModel, folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      const weightData = artifacts.weightData as ArrayBuffer;
      writeFileSync(join(folder, 'weights.bin'), new Uint8Array(weightData));
      const json = {
        format: 'layers-model',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    }),
  );
}

/** Sets every batch norm's statistics away from the identity, so folding mistakes would show. */
export function perturbNorms(model: tf.LayersModel): void {
  for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    const channels = layer.getWeights()[0]!.shape[0];
    layer.setWeights([
      tf.linspace(0.5, 1.5, channels),
      tf.linspace(-0.2, 0.3, channels),
      tf.linspace(-0.1, 0.2, channels),
      tf.linspace(0.4, 1.6, channels),
    ]);
  }
}

/** One MobileNetV2 inverted-residual block, a batch norm that cannot fold, and a head, at 12×12. */
export function mobileBlock(): tf.LayersModel {
  const apply = (layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(input) as tf.SymbolicTensor;
  const input = tf.input({ shape: [12, 12, 3] });
  const padded = apply(
    tf.layers.zeroPadding2d({
      padding: [
        [0, 1],
        [0, 1],
      ],
    }),
    input,
  );
  const stem = apply(
    tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, useBias: false }),
    padded,
  );
  const stemRelu = apply(
    tf.layers.reLU({ maxValue: 6 }),
    apply(tf.layers.batchNormalization(), stem),
  );
  const expand = apply(tf.layers.conv2d({ filters: 16, kernelSize: 1, useBias: false }), stemRelu);
  const expandRelu = apply(
    tf.layers.reLU({ maxValue: 6 }),
    apply(tf.layers.batchNormalization(), expand),
  );
  const depthwise = apply(
    tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }),
    expandRelu,
  );
  const depthwiseRelu = apply(
    tf.layers.reLU({ maxValue: 6 }),
    apply(tf.layers.batchNormalization(), depthwise),
  );
  const project = apply(
    tf.layers.conv2d({ filters: 8, kernelSize: 1, useBias: false }),
    depthwiseRelu,
  );
  const sum = apply(tf.layers.add(), [stemRelu, apply(tf.layers.batchNormalization(), project)]);
  const doubled = apply(
    tf.layers.depthwiseConv2d({
      kernelSize: 3,
      depthMultiplier: 2,
      strides: 2,
      padding: 'same',
      activation: 'relu',
    }),
    sum,
  );
  // After an activation, so it cannot be folded: exported as BatchNormalization.
  const normalized = apply(tf.layers.batchNormalization(), doubled);
  const pooled = apply(tf.layers.globalAveragePooling2d({}), normalized);
  const output = apply(tf.layers.dense({ units: 3, activation: 'softmax' }), pooled);
  return tf.model({ inputs: input, outputs: output });
}
