/**
 * Grad-CAM (Selvaraju et al., 2017) for the last convolution of a sequential model: the gradient of
 * the class score with respect to that layer's feature maps, averaged over each map, weighs the
 * maps; their weighted sum through ReLU is where the network looked. The score differentiated is
 * the softmax probability (the models end in softmax; its gradient orders the maps the same way
 * as the logit's for the explained class, and keeps the model whole).
 *
 * The model is split at the conv layer: `features` (input → conv output) and `head` (the layers
 * after it, applied to a new input and sharing their weights), so the gradient is taken with
 * respect to a tensor we hold.
 */
import * as tf from '@tensorflow/tfjs';
import { FoveaError } from '../../base/common/errors.js';
import { toModelInput } from './model.js';

export interface GradCamModel {
  readonly layer: string;
  /** Side of the heat maps: the conv layer's output height (= width for square inputs). */
  readonly side: number;
  readonly features: tf.LayersModel;
  readonly head: tf.LayersModel;
}

export interface GradCamResult {
  /** count × classes. */
  readonly probabilities: Float32Array;
  /** count × side × side, each in [0, 1] (all zero where nothing pushed the score up). */
  readonly heatmaps: Float32Array;
}

export function buildGradCamModel(model: tf.LayersModel): GradCamModel {
  const layers = model.layers;
  let convIndex = -1;
  layers.forEach((layer, index) => {
    if (layer.getClassName() === 'Conv2D') convIndex = index;
  });
  const conv = layers[convIndex];
  if (conv === undefined)
    throw new FoveaError(
      'unsupported',
      'This model has no convolution layer, so there is nothing for Grad-CAM to explain.',
    );
  const shape = conv.outputShape as (number | null)[];
  const side = shape[1] ?? 0;
  const features = tf.model({ inputs: model.inputs, outputs: conv.getOutputAt(0) });
  const headInput = tf.input({ shape: shape.slice(1) });
  let output: tf.SymbolicTensor = headInput;
  for (const layer of layers.slice(convIndex + 1))
    output = layer.apply(output) as tf.SymbolicTensor;
  const head = tf.model({ inputs: headInput, outputs: output });
  return { layer: conv.name, side, features, head };
}

/** Heat maps for `count` uint8 images; `classIndex` null explains each image's top class. */
export async function gradCam(
  cam: GradCamModel,
  pixels: Uint8Array,
  count: number,
  size: number,
  classIndex: number | null,
): Promise<GradCamResult> {
  const [probabilities, heatmaps] = tf.tidy(() => {
    const activations = cam.features.predict(toModelInput(pixels, count, size)) as tf.Tensor4D;
    const predicted = cam.head.predict(activations) as tf.Tensor2D;
    const classes = predicted.shape[1];
    const target =
      classIndex === null
        ? tf.oneHot(predicted.argMax(1), classes).toFloat()
        : tf.oneHot(tf.fill<tf.Rank.R1>([count], classIndex, 'int32'), classes).toFloat();
    const score = (maps: tf.Tensor): tf.Scalar =>
      (cam.head.apply(maps, { training: false }) as tf.Tensor).mul(target).sum();
    const gradients = tf.grad(score)(activations);
    const weights = gradients.mean([1, 2], true);
    const raw = tf.relu(activations.mul(weights).sum(3));
    const peak = raw.max([1, 2], true);
    const scaled = raw.div(peak.add(1e-12));
    return [predicted, scaled];
  });
  try {
    return {
      probabilities: (await probabilities.data()) as Float32Array,
      heatmaps: (await heatmaps.data()) as Float32Array,
    };
  } finally {
    probabilities.dispose();
    heatmaps.dispose();
  }
}
