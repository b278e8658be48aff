/**
 * Grad-CAM (Selvaraju et al., 2017) for the last convolution of a model: the gradient of
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
  /** Input → [the conv layer's maps, then every other tensor the head needs]. */
  readonly features: tf.LayersModel;
  /** [maps, the other tensors] → probabilities, sharing the model's weights. */
  readonly head: tf.LayersModel;
}

export interface GradCamResult {
  /** count × classes. */
  readonly probabilities: Float32Array;
  /** count × side × side, each in [0, 1] (all zero where nothing pushed the score up). */
  readonly heatmaps: Float32Array;
}

type Layer = tf.layers.Layer;

/** The model's layers that read, directly or not, the output of `from` (in the model's order). */
function downstreamOf(model: tf.LayersModel, from: Layer): Layer[] {
  const inModel = new Set(model.layers.map((layer) => layer.name));
  const reached = new Set([from.name]);
  return model.layers.filter((layer) => {
    if (layer === from || !inModel.has(layer.name)) return false;
    const reads = layer.inboundNodes.some((node) =>
      node.inboundLayers.some((inbound) => reached.has(inbound.name)),
    );
    if (reads) reached.add(layer.name);
    return reads;
  });
}

/**
 * Splits the model at its last Conv2D. Layers after it are applied again to new inputs: the
 * maps, and for a DAG (a pretrained run's whole network pools earlier layers too) each tensor
 * from before the conv that they read, which the features model hands over unchanged.
 */
export function buildGradCamModel(model: tf.LayersModel): GradCamModel {
  const conv = model.layers.findLast((layer) => layer.getClassName() === 'Conv2D');
  if (conv === undefined)
    throw new FoveaError(
      'unsupported',
      'This model has no convolution layer, so there is nothing for Grad-CAM to explain.',
    );
  const shape = conv.outputShape as (number | null)[];
  const side = shape[1] ?? 0;
  const after = downstreamOf(model, conv);
  const inside = new Set([conv.name, ...after.map((layer) => layer.name)]);
  const cut = new Map<string, Layer>();
  for (const layer of after)
    for (const inbound of layer.inboundNodes[0]?.inboundLayers ?? [])
      if (!inside.has(inbound.name)) cut.set(inbound.name, inbound);
  const others = [...cut.values()];
  const features = tf.model({
    inputs: model.inputs,
    outputs: [conv, ...others].map((layer) => layer.getOutputAt(0) as tf.SymbolicTensor),
  });
  const mapsInput = tf.input({ shape: shape.slice(1) });
  const tensors = new Map<string, tf.SymbolicTensor>([[conv.name, mapsInput]]);
  const otherInputs = others.map((layer) => {
    const input = tf.input({ shape: (layer.outputShape as (number | null)[]).slice(1) });
    tensors.set(layer.name, input);
    return input;
  });
  for (const layer of after) {
    const inputs = layer.inboundNodes[0]!.inboundLayers.map((inbound) =>
      tensors.get(inbound.name)!,
    );
    tensors.set(
      layer.name,
      layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.SymbolicTensor,
    );
  }
  const output = tensors.get(model.outputLayers[0]!.name);
  if (output === undefined)
    throw new FoveaError('unsupported', `The output does not depend on ${conv.name}.`);
  const head = tf.model({ inputs: [mapsInput, ...otherInputs], outputs: output });
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
    const outputs = [cam.features.predict(toModelInput(pixels, count, size))].flat();
    const activations = outputs[0] as tf.Tensor4D;
    const others = outputs.slice(1);
    const predicted = cam.head.predict([activations, ...others]) as tf.Tensor2D;
    const classes = predicted.shape[1];
    const target =
      classIndex === null
        ? tf.oneHot(predicted.argMax(1), classes).toFloat()
        : tf.oneHot(tf.fill<tf.Rank.R1>([count], classIndex, 'int32'), classes).toFloat();
    const score = (maps: tf.Tensor): tf.Scalar =>
      (cam.head.apply([maps, ...others], { training: false }) as tf.Tensor).mul(target).sum();
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
