/**
 * Runs a Layers model for inference with its batch norms folded into the convolutions before
 * them and Relu6 fused into the convolution kernels, the way inference engines run MobileNets.
 * tfjs-layers runs each Conv → BatchNormalization → ReLU(6) as three or four kernels; on wasm,
 * profiled on MobileNetV2 (batch 32), FusedBatchNorm took 44% of the forward time and Relu +
 * ClipByValue 17%, the convolutions themselves under 40%. Here each such chain is one
 * tf.fused.conv2d or tf.fused.depthwiseConv2d with bias and activation.
 *
 * Layers it does not fuse run through their own `apply`, so any Layers model works; a layer
 * asked for as an output is never fused away.
 */
import * as tf from '@tensorflow/tfjs';

import { FoveaError } from '../../base/common/errors.js';

type Layer = tf.layers.Layer;
export type Activation = 'linear' | 'relu' | 'relu6';

interface Step {
  /** The layer whose output this step produces (the last of a fused chain). */
  readonly name: string;
  readonly inputs: readonly string[];
  readonly run: (inputs: tf.Tensor[]) => tf.Tensor;
}

export function soleConsumer(layer: Layer, keep: ReadonlySet<string>): Layer | null {
  if (keep.has(layer.name) || layer.outboundNodes.length !== 1) return null;
  return layer.outboundNodes[0]!.outboundLayer;
}

function inputNames(layer: Layer): string[] {
  if (layer.inboundNodes.length !== 1)
    throw new FoveaError(
      'unsupported',
      `${layer.name} is shared; folding needs one use per layer.`,
    );
  return layer.inboundNodes[0]!.inboundLayers.map((inbound) => inbound.name);
}

export function reluActivation(layer: Layer): Activation | null {
  if (layer.getClassName() !== 'ReLU') return null;
  const config = layer.getConfig() as { maxValue?: number | null; negativeSlope?: number };
  if ((config.negativeSlope ?? 0) !== 0) return null;
  if (config.maxValue == null) return 'relu';
  return config.maxValue === 6 ? 'relu6' : null;
}

/** Kernel and bias with the norm's γ/√(σ² + ε) and shift folded in (tensors, kept). */
export function fold(layer: Layer, norm: Layer | null): { kernel: tf.Tensor4D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const [kernel, maybeBias] = layer.getWeights();
    const shape = kernel!.shape as [number, number, number, number];
    const outputs = layer.getClassName() === 'DepthwiseConv2D' ? shape[2] * shape[3] : shape[3];
    const bias = (layer.getConfig() as { useBias: boolean }).useBias
      ? maybeBias!
      : tf.zeros([outputs]);
    if (norm === null)
      return { kernel: kernel!.clone() as tf.Tensor4D, bias: bias.clone() as tf.Tensor1D };
    const [gamma, beta, mean, variance] = norm.getWeights();
    const epsilon = (norm.getConfig() as { epsilon: number }).epsilon;
    const factor = gamma!.div(variance!.add(epsilon).sqrt());
    const perKernel = factor.reshape(
      layer.getClassName() === 'DepthwiseConv2D' ? [shape[2], shape[3]] : [outputs],
    );
    return {
      kernel: kernel!.mul<tf.Tensor4D>(perKernel),
      bias: bias.sub(mean!).mul(factor).add<tf.Tensor1D>(beta!),
    };
  });
}

export class FoldedNetwork {
  readonly #steps: Step[] = [];
  readonly #constants: tf.Tensor[] = [];
  readonly #inputName: string;

  /** `model` prepared to compute `outputs` (layer names). */
  constructor(model: tf.LayersModel, outputs: readonly string[]) {
    const keep = new Set(outputs);
    const absorbed = new Set<string>();
    this.#inputName = model.inputLayers[0]!.name;
    const needed = this.#neededLayers(model, keep);
    for (const layer of model.layers) {
      if (absorbed.has(layer.name) || !needed.has(layer.name)) continue;
      if (layer.getClassName() === 'InputLayer') continue;
      const kind = layer.getClassName();
      if (kind === 'Conv2D' || kind === 'DepthwiseConv2D') this.#convolution(layer, keep, absorbed);
      else this.#steps.push(this.#applyStep(layer));
    }
  }

  /** Layers that some requested output depends on. */
  #neededLayers(model: tf.LayersModel, keep: ReadonlySet<string>): Set<string> {
    const needed = new Set<string>();
    const pending = [...keep].map((name) => model.getLayer(name));
    while (pending.length > 0) {
      const layer = pending.pop()!;
      if (needed.has(layer.name)) continue;
      needed.add(layer.name);
      for (const node of layer.inboundNodes) pending.push(...node.inboundLayers);
    }
    return needed;
  }

  #applyStep(layer: Layer): Step {
    return {
      name: layer.name,
      inputs: inputNames(layer),
      run: (inputs) => layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor,
    };
  }

  #convolution(layer: Layer, keep: ReadonlySet<string>, absorbed: Set<string>): void {
    const config = layer.getConfig() as {
      strides: [number, number];
      padding: 'same' | 'valid';
      activation: string;
      dilationRate: number | number[];
    };
    const isDilated = [config.dilationRate].flat().some((rate) => rate !== 1);
    if (isDilated || !['linear', 'relu'].includes(config.activation)) {
      this.#steps.push(this.#applyStep(layer));
      return;
    }
    const isLinear = config.activation === 'linear';
    let next = isLinear ? soleConsumer(layer, keep) : null;
    const norm = next?.getClassName() === 'BatchNormalization' ? next : null;
    if (norm !== null) next = soleConsumer(norm, keep);
    const activation = isLinear && next !== null ? reluActivation(next) : null;
    const { kernel, bias } = fold(layer, norm);
    this.#constants.push(kernel, bias);
    if (norm !== null) absorbed.add(norm.name);
    if (activation !== null) absorbed.add(next!.name);
    const last = activation !== null ? next! : (norm ?? layer);
    const fusedActivation: Activation = activation ?? (isLinear ? 'linear' : 'relu');
    const isDepthwise = layer.getClassName() === 'DepthwiseConv2D';
    const { strides, padding } = config;
    this.#steps.push({
      name: last.name,
      inputs: inputNames(layer),
      run: ([x]) =>
        isDepthwise
          ? tf.fused.depthwiseConv2d({
              x: x as tf.Tensor4D,
              filter: kernel,
              strides,
              pad: padding,
              bias,
              activation: fusedActivation,
            })
          : tf.fused.conv2d({
              x: x as tf.Tensor4D,
              filter: kernel,
              strides,
              pad: padding,
              bias,
              activation: fusedActivation,
            }),
    });
  }

  /** The requested layers' outputs for `input`, in the order asked for. */
  run(input: tf.Tensor4D, outputs: readonly string[]): tf.Tensor[] {
    return tf.tidy(() => {
      const values = new Map<string, tf.Tensor>([[this.#inputName, input]]);
      for (const step of this.#steps)
        values.set(step.name, step.run(step.inputs.map((name) => values.get(name)!)));
      return outputs.map((name) => {
        const value = values.get(name);
        if (value === undefined)
          throw new FoveaError('internal', `The folded network did not compute ${name}.`);
        return value;
      });
    });
  }

  dispose(): void {
    tf.dispose(this.#constants);
  }
}
