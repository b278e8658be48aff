/**
 * The upper blocks of a backbone as trainable weights: the part of the network after an entry
 * layer (the input of the first block to fine-tune), up to the feature layers that depend on it.
 * Each Conv → BatchNormalization → ReLU(6) chain is folded as FoldedNetwork folds it for the
 * embeddings, but into variables: the norms train in inference mode (their statistics frozen
 * into the folded bias, as fine-tuning with small batches usually keeps them), and the folded
 * kernels and biases are what trains. The same chains, by the same rules, are what
 * buildWholeNetwork folds, so `foldedWeights` drops straight into the run's whole model.
 */
import * as tf from '@tensorflow/tfjs';

import { FoveaError } from '../../base/common/errors.js';
import type { Activation } from './folded-network.js';
import { fold, reluActivation, soleConsumer } from './folded-network.js';

type Layer = tf.layers.Layer;

interface Step {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly run: (inputs: tf.Tensor[]) => tf.Tensor;
}

/** Trained weights of one folded convolution, by the convolution layer's name. */
export interface FoldedWeights {
  readonly kernel: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
}

/**
 * The input of a Keras MobileNetV2's last `blocks` inverted-residual blocks (block_16 is the
 * last): the layer feeding `block_{17 − blocks}_expand`.
 */
export function fineTuneEntry(model: tf.LayersModel, blocks: number): string {
  const first = `block_${17 - blocks}_expand`;
  const layer = model.layers.find((candidate) => candidate.name === first);
  if (layer === undefined || layer.inboundNodes.length !== 1)
    throw new FoveaError(
      'unsupported',
      `Fine-tuning needs a Keras MobileNetV2 (blocks named block_1 … block_16); this backbone has no ${first}.`,
    );
  return layer.inboundNodes[0]!.inboundLayers[0]!.name;
}

function inputNames(layer: Layer): string[] {
  if (layer.inboundNodes.length !== 1)
    throw new FoveaError(
      'unsupported',
      `${layer.name} is shared; folding needs one use per layer.`,
    );
  return layer.inboundNodes[0]!.inboundLayers.map((inbound) => inbound.name);
}

/** Layers computed from `entry` (not counting it). */
function downstreamOf(model: tf.LayersModel, entry: string): Set<string> {
  const found = new Set<string>();
  const pending = [model.getLayer(entry)];
  while (pending.length > 0) {
    const layer = pending.pop()!;
    for (const node of layer.outboundNodes) {
      const next = node.outboundLayer;
      if (!found.has(next.name)) {
        found.add(next.name);
        pending.push(next);
      }
    }
  }
  return found;
}

/** Layers some output depends on, stopping at `entry`. */
function neededFrom(model: tf.LayersModel, entry: string, outputs: readonly string[]): Set<string> {
  const needed = new Set<string>();
  const pending = outputs.map((name) => model.getLayer(name));
  while (pending.length > 0) {
    const layer = pending.pop()!;
    if (needed.has(layer.name) || layer.name === entry) continue;
    needed.add(layer.name);
    for (const node of layer.inboundNodes) pending.push(...node.inboundLayers);
  }
  return needed;
}

export class TrainableBlocks {
  readonly #steps: Step[] = [];
  readonly #weights = new Map<string, { kernel: tf.Variable; bias: tf.Variable }>();
  readonly entry: string;
  /** The feature layers these blocks compute (the others stay frozen), in the order given. */
  readonly outputs: readonly string[];

  /** `layers` are all the run's feature layers; those after `entry` are computed here. */
  constructor(model: tf.LayersModel, entry: string, layers: readonly string[]) {
    const downstream = downstreamOf(model, entry);
    this.entry = entry;
    this.outputs = layers.filter((name) => downstream.has(name));
    if (this.outputs.length === 0)
      throw new FoveaError(
        'invalid_argument',
        `No feature layer comes after ${entry}, so fine-tuning would change nothing; choose a later layer.`,
      );
    const keep = new Set(layers);
    const needed = neededFrom(model, entry, this.outputs);
    const absorbed = new Set<string>();
    for (const layer of model.layers) {
      if (absorbed.has(layer.name) || !needed.has(layer.name)) continue;
      const kind = layer.getClassName();
      if (kind === 'Conv2D' || kind === 'DepthwiseConv2D') this.#convolution(layer, keep, absorbed);
      else this.#steps.push(applied(layer));
    }
  }

  get variables(): tf.Variable[] {
    return [...this.#weights.values()].flatMap(({ kernel, bias }) => [kernel, bias]);
  }

  /** The output layers' values for the entry layer's activations (tensors the caller owns). */
  run(entry: tf.Tensor4D): tf.Tensor4D[] {
    return tf.tidy(() => {
      const values = new Map<string, tf.Tensor>([[this.entry, entry]]);
      for (const step of this.#steps)
        values.set(step.name, step.run(step.inputs.map((name) => values.get(name)!)));
      return this.outputs.map((name) => values.get(name) as tf.Tensor4D);
    });
  }

  /** Copies of the trained, folded weights by convolution layer name, for the whole network. */
  foldedWeights(): Map<string, FoldedWeights> {
    return new Map(
      [...this.#weights].map(([name, { kernel, bias }]) => [
        name,
        { kernel: kernel.clone() as tf.Tensor4D, bias: bias.clone() as tf.Tensor1D },
      ]),
    );
  }

  dispose(): void {
    tf.dispose(this.variables);
  }

  #convolution(layer: Layer, keep: ReadonlySet<string>, absorbed: Set<string>): void {
    const config = layer.getConfig() as {
      strides: [number, number];
      padding: 'same' | 'valid';
      activation: string;
      dilationRate: number | number[];
    };
    const isDilated = [config.dilationRate].flat().some((rate) => rate !== 1);
    if (isDilated || !['linear', 'relu'].includes(config.activation))
      throw new FoveaError('unsupported', `${layer.name} cannot be fine-tuned here.`);
    const isLinear = config.activation === 'linear';
    let next = isLinear ? soleConsumer(layer, keep) : null;
    const norm = next?.getClassName() === 'BatchNormalization' ? next : null;
    if (norm !== null) next = soleConsumer(norm, keep);
    const relu = isLinear && next !== null ? reluActivation(next) : null;
    if (norm !== null) absorbed.add(norm.name);
    if (relu !== null) absorbed.add(next!.name);
    const last = relu !== null ? next! : (norm ?? layer);
    const activation: Activation = relu ?? (isLinear ? 'linear' : 'relu');
    const folded = fold(layer, norm);
    const kernel = tf.variable(folded.kernel, true);
    const bias = tf.variable(folded.bias, true);
    tf.dispose([folded.kernel, folded.bias]);
    this.#weights.set(layer.name, { kernel, bias });
    const isDepthwise = layer.getClassName() === 'DepthwiseConv2D';
    const { strides, padding } = config;
    this.#steps.push({
      name: last.name,
      inputs: inputNames(layer),
      run: ([x]) => {
        const options = { x: x as tf.Tensor4D, strides, pad: padding, bias, activation };
        return isDepthwise
          ? tf.fused.depthwiseConv2d({ ...options, filter: kernel })
          : tf.fused.conv2d({ ...options, filter: kernel });
      },
    });
  }
}

function applied(layer: Layer): Step {
  return {
    name: layer.name,
    inputs: inputNames(layer),
    run: (inputs) => layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor,
  };
}
