/**
 * The whole network of a pretrained run as one tfjs Layers model, so it is saved, evaluated,
 * explained and exported like a model trained from scratch: the backbone truncated at the run's
 * feature layers → global average pool of each → concatenation → the head's dense layers.
 *
 * The backbone is rebuilt folded, as FoldedNetwork runs it for the embeddings: each
 * Conv → BatchNormalization → ReLU6 chain becomes one convolution with the norm folded into its
 * weights and the activation built in, named after the chain's last layer (so feature layers
 * keep their names). It computes what the embeddings were computed with, runs fewer kernels than
 * the original layers, and exports to ONNX as Conv + Clip. The model takes what every Fovea model
 * takes: [n, size, size, 3] floats, uint8 / 255; a backbone scaled otherwise gets a Rescaling layer.
 */
import * as tf from '@tensorflow/tfjs';

import { FoveaError } from '../../base/common/errors.js';
import type { InputScaling } from '../common/backbones.js';
import type { HeadLayers } from '../common/head-layers.js';
import { headInputs } from '../common/head-layers.js';
import type { Activation } from './folded-network.js';
import { fold, reluActivation, soleConsumer } from './folded-network.js';

type Layer = tf.layers.Layer;
type Symbolic = tf.SymbolicTensor;

export interface WholeNetworkOptions {
  /** The backbone as loaded (original layers, batch norms unfolded). */
  readonly model: tf.LayersModel;
  readonly inputScaling: InputScaling;
  /** The feature layers, in the embedding's order. */
  readonly layers: readonly string[];
  readonly head: HeadLayers;
  /** Fine-tuned blocks' folded weights by convolution name, instead of the backbone's own. */
  readonly tuned?: ReadonlyMap<string, { kernel: tf.Tensor; bias: tf.Tensor }>;
}

/** Layers some feature layer depends on, by name. */
function neededLayers(model: tf.LayersModel, outputs: readonly string[]): Set<string> {
  const needed = new Set<string>();
  const pending = outputs.map((name) => model.getLayer(name));
  while (pending.length > 0) {
    const layer = pending.pop()!;
    if (needed.has(layer.name)) continue;
    needed.add(layer.name);
    for (const node of layer.inboundNodes) pending.push(...node.inboundLayers);
  }
  return needed;
}

function inboundNames(layer: Layer): string[] {
  if (layer.inboundNodes.length !== 1)
    throw new FoveaError('unsupported', `${layer.name} is shared; the backbone must use it once.`);
  return layer.inboundNodes[0]!.inboundLayers.map((inbound) => inbound.name);
}

/** A fresh layer of the same class and configuration (weights are set once it is built). */
function copyLayer(layer: Layer, config: tf.serialization.ConfigDict = {}): Layer {
  const className = layer.getClassName();
  const copy = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (copy === undefined)
    throw new FoveaError('unsupported', `tfjs does not know the layer class ${className}.`);
  const [constructor, fromConfig] = copy;
  return fromConfig(constructor, { ...layer.getConfig(), ...config }) as unknown as Layer;
}

class FoldedBuilder {
  readonly #tensors = new Map<string, Symbolic>();
  readonly #absorbed = new Set<string>();

  constructor(
    private readonly model: tf.LayersModel,
    private readonly keep: ReadonlySet<string>,
    input: Symbolic,
    private readonly tuned?: WholeNetworkOptions['tuned'],
  ) {
    this.#tensors.set(model.inputLayers[0]!.name, input);
  }

  build(): Map<string, Symbolic> {
    const needed = neededLayers(this.model, [...this.keep]);
    for (const layer of this.model.layers) {
      if (this.#absorbed.has(layer.name) || !needed.has(layer.name)) continue;
      if (layer.getClassName() === 'InputLayer') continue;
      const kind = layer.getClassName();
      if (kind === 'Conv2D' || kind === 'DepthwiseConv2D') this.#convolution(layer);
      else this.#copy(layer);
    }
    return this.#tensors;
  }

  #inputs(layer: Layer): Symbolic | Symbolic[] {
    const inputs = inboundNames(layer).map((name) => this.#tensors.get(name)!);
    return inputs.length === 1 ? inputs[0]! : inputs;
  }

  #copy(layer: Layer): void {
    const copy = copyLayer(layer);
    const output = copy.apply(this.#inputs(layer)) as Symbolic;
    const weights = layer.getWeights();
    if (weights.length > 0) copy.setWeights(weights);
    this.#tensors.set(layer.name, output);
  }

  /** The chain Conv → [BatchNormalization] → [ReLU(6)] as one convolution (see FoldedNetwork). */
  #convolution(layer: Layer): void {
    const config = layer.getConfig() as { activation: string; dilationRate: number | number[] };
    const isDilated = [config.dilationRate].flat().some((rate) => rate !== 1);
    if (isDilated || !['linear', 'relu'].includes(config.activation)) return this.#copy(layer);
    const isLinear = config.activation === 'linear';
    let next = isLinear ? soleConsumer(layer, this.keep) : null;
    const norm = next?.getClassName() === 'BatchNormalization' ? next : null;
    if (norm !== null) next = soleConsumer(norm, this.keep);
    const relu = isLinear && next !== null ? reluActivation(next) : null;
    if (norm !== null) this.#absorbed.add(norm.name);
    if (relu !== null) this.#absorbed.add(next!.name);
    const last = relu !== null ? next! : (norm ?? layer);
    const activation: Activation = relu ?? (isLinear ? 'linear' : 'relu');
    const copy = copyLayer(layer, { name: last.name, useBias: true, activation });
    const output = copy.apply(this.#inputs(layer)) as Symbolic;
    const tuned = this.tuned?.get(layer.name);
    if (tuned !== undefined) copy.setWeights([tuned.kernel, tuned.bias]);
    else {
      const { kernel, bias } = fold(layer, norm);
      copy.setWeights([kernel, bias]);
      tf.dispose([kernel, bias]);
    }
    this.#tensors.set(last.name, output);
  }
}

function scaled(input: Symbolic, scaling: InputScaling): Symbolic {
  if (scaling.min === 0 && scaling.max === 1) return input;
  const layer = tf.layers.rescaling({
    scale: scaling.max - scaling.min,
    offset: scaling.min,
    name: 'input_scaling',
  });
  return layer.apply(input) as Symbolic;
}

/** The head's dense layers on `features`, weights from `head`. */
function denseHead(features: Symbolic, head: HeadLayers): Symbolic {
  let output = features;
  head.dense.forEach((layer, index) => {
    const inputs = layer.kernel.length / layer.bias.length;
    const dense = tf.layers.dense({
      units: layer.bias.length,
      activation: layer.activation,
      name: index === head.dense.length - 1 ? 'head_output' : `head_dense_${index + 1}`,
    });
    output = dense.apply(output) as Symbolic;
    const weights = [
      tf.tensor2d(layer.kernel, [inputs, layer.bias.length]),
      tf.tensor1d(layer.bias),
    ];
    dense.setWeights(weights);
    tf.dispose(weights);
  });
  return output;
}

/** Builds the whole network; the backbone model is only read, and stays the caller's. */
export function buildWholeNetwork(options: WholeNetworkOptions): tf.LayersModel {
  const { model, layers, head } = options;
  if (layers.length === 0) throw new FoveaError('invalid_argument', 'Name the feature layers.');
  const [, height, width, channels] = model.inputs[0]!.shape;
  const input = tf.input({ shape: [height!, width!, channels!], name: 'image' });
  const tensors = new FoldedBuilder(
    model,
    new Set(layers),
    scaled(input, options.inputScaling),
    options.tuned,
  ).build();
  const pooled = layers.map((name) => {
    const feature = tensors.get(name);
    if (feature === undefined)
      throw new FoveaError('internal', `The whole network did not compute ${name}.`);
    const pool = tf.layers.globalAveragePooling2d({ name: `${name}_pool` });
    return pool.apply(feature) as Symbolic;
  });
  const features =
    pooled.length === 1
      ? pooled[0]!
      : (tf.layers.concatenate({ axis: -1, name: 'features' }).apply(pooled) as Symbolic);
  const dimension = features.shape[1];
  if (dimension !== headInputs(head))
    throw new FoveaError(
      'invalid_argument',
      `The head takes ${headInputs(head)} features; the layers give ${dimension}.`,
    );
  return tf.model({ inputs: input, outputs: denseHead(features, head), name: 'whole_network' });
}
