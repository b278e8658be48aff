/**
 * The engine's side of the `backboneMaps` task: one image file through a backbone's first layers,
 * and of each asked layer the few channels that vary most over the image (a flat channel says
 * nothing about the photo), each stretched to 0–255 and pooled to a small grid. The backbone and
 * its folded network are kept for the next image while the folder and layers stay the same.
 */
import * as tf from '@tensorflow/tfjs';
import { FoveaError } from '../../base/common/errors.js';
import { decodeImage } from '../../images/node/process-image.js';
import type { BackboneMapLayer, BackboneMaps } from '../common/backbone-maps.js';
import { maxMapSide } from '../common/backbone-maps.js';
import type { ModelTaskOf } from '../common/model-tasks.js';
import type { LoadedBackbone } from './backbone.js';
import { loadBackbone } from './backbone.js';
import { FoldedNetwork } from './folded-network.js';

interface Held {
  readonly key: string;
  readonly backbone: LoadedBackbone;
  readonly network: FoldedNetwork;
}

export class BackboneMapTasks {
  #held: Held | null = null;

  async run(task: ModelTaskOf<'backboneMaps'>): Promise<BackboneMaps> {
    if (!Number.isInteger(task.channels) || task.channels < 1 || task.channels > 64)
      throw new FoveaError(
        'invalid_argument',
        `Ask for 1 to 64 maps per layer, not ${task.channels}.`,
      );
    const { backbone, network } = await this.#network(task.backbone, task.layers);
    const size = backbone.inputSize;
    const decoded = await decodeImage(Buffer.from(task.image), {
      tensorSize: size,
      thumbnailSize: Math.max(size, 16),
    });
    const { min, max } = backbone.inputScaling;
    const outputs = tf.tidy(() => {
      const input = tf
        .tensor4d(decoded.tensor, [1, size, size, 3], 'int32')
        .toFloat()
        .mul((max - min) / 255)
        .add<tf.Tensor4D>(min);
      return network.run(input, task.layers).map((output) => mostVaried(output, task.channels));
    });
    try {
      const layers: BackboneMapLayer[] = [];
      for (const [index, { maps, shown, layerSide, channels }] of outputs.entries()) {
        const pixels = Uint8Array.from(await maps.data());
        const side = maps.shape[1] ?? 0;
        layers.push({
          name: task.layers[index] ?? '',
          layerSide,
          side,
          channels,
          shown: Array.from(await shown.data()),
          pixels,
        });
      }
      return { inputSize: size, layers };
    } finally {
      for (const output of outputs) tf.dispose([output.maps, output.shown]);
    }
  }

  dispose(): void {
    this.#held?.network.dispose();
    this.#held?.backbone.model.dispose();
    this.#held = null;
  }

  async #network(directory: string, layers: readonly string[]): Promise<Held> {
    const key = JSON.stringify([directory, layers]);
    if (this.#held?.key === key) return this.#held;
    this.dispose();
    const backbone = await loadBackbone(directory);
    const known = new Set(backbone.model.layers.map((layer) => layer.name));
    const unknown = layers.filter((name) => !known.has(name));
    if (layers.length === 0 || unknown.length > 0) {
      backbone.model.dispose();
      throw new FoveaError(
        'invalid_argument',
        layers.length === 0
          ? 'Name at least one layer to show.'
          : `The backbone has no layer ${unknown.join(', ')}.`,
      );
    }
    this.#held = { key, backbone, network: new FoldedNetwork(backbone.model, layers) };
    return this.#held;
  }
}

/**
 * The `count` channels of a [1, h, w, c] output with the largest spatial variance, channel-major
 * [count, side, side] in 0–255, average-pooled so that side ≤ maxMapSide.
 */
function mostVaried(
  output: tf.Tensor,
  count: number,
): { maps: tf.Tensor3D; shown: tf.Tensor1D; layerSide: number; channels: number } {
  if (output.rank !== 4)
    throw new FoveaError('invalid_argument', `Layer output of rank ${output.rank} is not a map.`);
  const [, height = 0, , channels = 0] = output.shape;
  const { variance } = tf.moments(output, [0, 1, 2]);
  const { indices } = tf.topk(variance, Math.min(count, channels));
  const chosen = tf.gather(output as tf.Tensor4D, indices, 3);
  const factor = Math.ceil(height / maxMapSide);
  const pooled = factor > 1 ? tf.avgPool(chosen, factor, factor, 'valid') : chosen;
  const low = pooled.min([0, 1, 2], true);
  const range = pooled.max([0, 1, 2], true).sub(low).maximum(1e-6);
  const maps = pooled
    .sub(low)
    .div(range)
    .mul(255)
    .round()
    .squeeze([0])
    .transpose([2, 0, 1])
    .toInt() as tf.Tensor3D;
  return { maps, shown: indices as tf.Tensor1D, layerSide: height, channels };
}
