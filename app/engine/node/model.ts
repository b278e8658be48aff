/**
 * Builds a tfjs model from a spec. The model takes float32 images in [0, 1] (uint8 / 255), HWC,
 * shape [n, size, size, 3]; `toModelInput` does that scaling, so stored tensors stay uint8 until a
 * batch is used. Plain [0, 1] scaling rather than standardization: nothing to compute over the
 * dataset or to store with the model, and exported models take the same input.
 */
import * as tf from '@tensorflow/tfjs';
import { FoveaError } from '../../ipc/common/errors.js';
import type { LayerSpec, ModelInput, ModelSpec } from '../common/spec.js';
import { validateModelSpec } from '../common/spec.js';

export function assertValidModelSpec(spec: ModelSpec, input: ModelInput): void {
  const issues = validateModelSpec(spec, input);
  if (issues.length > 0) throw new FoveaError('invalid_argument', `The model cannot be built: ${issues.join('; ')}.`);
}

/** Layer names are stable (`l3_conv2d`), so probes can find a layer by its place in the spec. */
export function layerName(index: number, layer: LayerSpec): string {
  return `l${index}_${layer.type}`;
}

function toLayer(layer: LayerSpec, name: string, inputShape: number[] | undefined): tf.layers.Layer {
  const common = inputShape === undefined ? { name } : { name, inputShape };
  switch (layer.type) {
    case 'conv2d':
      return tf.layers.conv2d({
        ...common,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides ?? 1,
        padding: layer.padding,
        activation: layer.activation,
      });
    case 'maxPool2d':
      return tf.layers.maxPooling2d({ ...common, poolSize: layer.poolSize, strides: layer.strides ?? layer.poolSize });
    case 'avgPool2d':
      return tf.layers.averagePooling2d({ ...common, poolSize: layer.poolSize, strides: layer.strides ?? layer.poolSize });
    case 'flatten':
      return tf.layers.flatten(common);
    case 'dense':
      return tf.layers.dense({ ...common, units: layer.units, activation: layer.activation });
    case 'dropout':
      return tf.layers.dropout({ ...common, rate: layer.rate });
    case 'batchNorm':
      return tf.layers.batchNormalization(common);
  }
}

export function buildModel(spec: ModelSpec, input: ModelInput): tf.Sequential {
  assertValidModelSpec(spec, input);
  const model = tf.sequential({ name: 'fovea' });
  spec.layers.forEach((layer, position) => {
    const inputShape = position === 0 ? [input.size, input.size, 3] : undefined;
    model.add(toLayer(layer, layerName(position + 1, layer), inputShape));
  });
  return model;
}

/** uint8 HWC images → float32 [n, size, size, 3] in [0, 1]. */
export function toModelInput(pixels: Uint8Array, count: number, size: number): tf.Tensor4D {
  return tf.tidy(() => tf.tensor4d(pixels, [count, size, size, 3], 'int32').toFloat().div(255));
}
