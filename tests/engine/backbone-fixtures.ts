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
