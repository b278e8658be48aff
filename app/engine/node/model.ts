/**
 * Builds a tfjs model from a spec. The model takes float32 images in [0, 1] (uint8 / 255), HWC,
 * shape [n, size, size, 3]; `toModelInput` does that scaling, so stored tensors stay uint8 until a
 * batch is used. Plain [0, 1] scaling rather than standardization: nothing to compute over the
 * dataset or to store with the model, and exported models take the same input.
 */
import * as tf from '@tensorflow/tfjs';
import { FoveaError } from '../../base/common/errors.js';
import type { LayerSpec, ModelInput, ModelSpec } from '../common/spec.js';
import { validateModelSpec } from '../common/spec.js';

export function assertValidModelSpec(spec: ModelSpec, input: ModelInput): void {
  const issues = validateModelSpec(spec, input);
  if (issues.length > 0)
    throw new FoveaError('invalid_argument', `The model cannot be built: ${issues.join('; ')}.`);
}

/** Layer names are stable (`l3_conv2d`), so probes can find a layer by its place in the spec. */
export function layerName(index: number, layer: LayerSpec): string {
  return `l${index}_${layer.type}`;
}

interface LayerOptions {
  readonly name: string;
  readonly inputShape?: number[];
}

function toLayer(layer: LayerSpec, common: LayerOptions, seed: number): tf.layers.Layer {
  // Seeded Glorot init (the Keras default), so a run with the same seed starts from the same weights.
  const kernelInitializer = tf.initializers.glorotUniform({ seed });
  switch (layer.type) {
    case 'conv2d':
      return tf.layers.conv2d({
        ...common,
        kernelInitializer,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides ?? 1,
        padding: layer.padding,
        activation: layer.activation,
      });
    case 'maxPool2d':
      return tf.layers.maxPooling2d({
        ...common,
        poolSize: layer.poolSize,
        strides: layer.strides ?? layer.poolSize,
      });
    case 'avgPool2d':
      return tf.layers.averagePooling2d({
        ...common,
        poolSize: layer.poolSize,
        strides: layer.strides ?? layer.poolSize,
      });
    case 'flatten':
      return tf.layers.flatten(common);
    case 'dense':
      return tf.layers.dense({
        ...common,
        kernelInitializer,
        units: layer.units,
        activation: layer.activation,
      });
    case 'dropout':
      return tf.layers.dropout({ ...common, rate: layer.rate });
    case 'batchNorm':
      // PyTorch's momentum (0.1 there, 0.9 here) rather than Keras' 0.99: a few hundred photos make
      // only a few hundred steps, too few for 0.99's moving statistics to settle.
      return tf.layers.batchNormalization({ ...common, momentum: 0.9 });
  }
}

/** `seed` makes the initial weights reproducible. */
export function buildModel(spec: ModelSpec, input: ModelInput, seed = 1): tf.Sequential {
  assertValidModelSpec(spec, input);
  const model = tf.sequential({ name: 'fovea' });
  spec.layers.forEach((layer, position) => {
    const name = layerName(position + 1, layer);
    const options = position === 0 ? { name, inputShape: [input.size, input.size, 3] } : { name };
    model.add(toLayer(layer, options, seed * 1000 + position));
  });
  return model;
}

/** uint8 HWC images → float32 [n, size, size, 3] in [0, 1]. */
export function toModelInput(pixels: Uint8Array, count: number, size: number): tf.Tensor4D {
  return tf.tidy(() => tf.tensor4d(pixels, [count, size, size, 3], 'int32').toFloat().div(255));
}
