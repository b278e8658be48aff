/**
 * A functional tfjs model (a DAG, such as MobileNetV2 with its residual adds, or a pretrained
 * backbone with a head on top) → ONNX. The input is NHWC, like the app's, and is transposed once
 * to NCHW; every image tensor stays NCHW after that. Batch norm after a convolution whose output
 * nothing else reads is folded into its weights; elsewhere it is exported as BatchNormalization.
 *
 * Supported layers: InputLayer, ZeroPadding2D, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU
 * (with max_value → Clip), Activation (relu6 → Clip), Add, MaxPooling2D and AveragePooling2D
 * ('valid'), GlobalAveragePooling2D, Concatenate (last axis), Rescaling, Flatten, Dense, Dropout.
 */
import type * as tf from '@tensorflow/tfjs';

import { FoveaError } from '../../base/common/errors.js';
import {
  clipNode,
  concatNode,
  convKernelToOihw,
  depthwiseKernelToGrouped,
  foldBatchNorm,
  graphOpset,
  padNode,
  rescaleNodes,
  samePads,
} from './onnx-layers.js';
import type { BatchNormWeights } from './onnx-layers.js';
import type { OnnxInitializer, OnnxNode } from './onnx-proto.js';
import { encodeOnnxModel } from './onnx-proto.js';

type Layer = tf.layers.Layer;

interface Graph {
  readonly nodes: OnnxNode[];
  readonly initializers: OnnxInitializer[];
  /** The ONNX tensor holding each layer's output. */
  readonly tensors: Map<string, string>;
  /** Batch norms folded into the conv before them, by name. */
  readonly folded: Set<string>;
}

const activations: Record<string, string | null> = {
  relu: 'Relu',
  elu: 'Elu',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  softmax: 'Softmax',
  linear: null,
};

function unsupported(message: string): FoveaError {
  return new FoveaError('unsupported', `ONNX export: ${message}`);
}

function values(tensor: tf.Tensor): Float32Array {
  return tensor.dataSync() as Float32Array;
}

function inboundLayers(layer: Layer): Layer[] {
  if (layer.inboundNodes.length !== 1)
    throw unsupported(`${layer.name} is used more than once (shared layers are not supported).`);
  return layer.inboundNodes[0]!.inboundLayers;
}

function consumers(layer: Layer): Layer[] {
  return layer.outboundNodes.map((node) => node.outboundLayer);
}

function inputOf(graph: Graph, layer: Layer, index = 0): string {
  const source = inboundLayers(layer)[index];
  const tensor = source && graph.tensors.get(source.name);
  if (tensor === undefined) throw unsupported(`${layer.name} has no input.`);
  return tensor;
}

function emit(graph: Graph, layer: Layer, node: OnnxNode, extra: readonly OnnxInitializer[] = []) {
  graph.nodes.push(node);
  graph.initializers.push(...extra);
  graph.tensors.set(layer.name, node.outputs[0]!);
}

function simple(op: string, name: string, input: string, attributes: OnnxNode['attributes'] = []) {
  return { op, name, inputs: [input], outputs: [`${name}_out`], attributes };
}

function activation(graph: Graph, layer: Layer, kind: string): void {
  const op = activations[kind];
  if (kind === 'relu6') {
    const input = graph.tensors.get(layer.name)!;
    return emit(graph, layer, clipNode(`${layer.name}_relu6`, input, 6));
  }
  if (op === undefined) throw unsupported(`the activation ${kind} (${layer.name}).`);
  if (op === null) return;
  const attributes =
    op === 'Softmax'
      ? [{ name: 'axis', int: 1 }]
      : op === 'Elu'
        ? [{ name: 'alpha', float: 1 }]
        : [];
  emit(
    graph,
    layer,
    simple(op, `${layer.name}_${kind}`, graph.tensors.get(layer.name)!, attributes),
  );
}

function batchNormWeights(layer: Layer): BatchNormWeights {
  const config = layer.getConfig() as { epsilon: number; center: boolean; scale: boolean };
  if (!config.center || !config.scale)
    throw unsupported(`batch norm needs center and scale (${layer.name}).`);
  const [gamma, beta, mean, variance] = layer.getWeights().map(values);
  return { gamma: gamma!, beta: beta!, mean: mean!, variance: variance!, epsilon: config.epsilon };
}

/** The batch norm this conv's output goes to and nothing else, when its activation is linear. */
function foldableNorm(layer: Layer, activationName: string): Layer | null {
  const next = consumers(layer);
  if (activationName !== 'linear' || next.length !== 1) return null;
  return next[0]!.getClassName() === 'BatchNormalization' ? next[0]! : null;
}

function convolution(graph: Graph, layer: Layer): void {
  const isDepthwise = layer.getClassName() === 'DepthwiseConv2D';
  const config = layer.getConfig() as {
    strides: number[];
    padding: string;
    activation: string;
    useBias: boolean;
    dilationRate: number[] | number;
  };
  if ([config.dilationRate].flat().some((rate) => rate !== 1))
    throw unsupported(`dilated convolutions (${layer.name}).`);
  const [kernel, bias] = layer.getWeights();
  const shape = kernel!.shape as [number, number, number, number];
  const [kh, kw, channels, last] = shape;
  let weights = isDepthwise
    ? depthwiseKernelToGrouped(values(kernel!), shape)
    : convKernelToOihw(values(kernel!), shape);
  const outputs = isDepthwise ? channels * last : last;
  let biasValues = config.useBias ? values(bias!) : null;
  const norm = foldableNorm(layer, config.activation);
  if (norm !== null) {
    ({ weights, bias: biasValues } = foldBatchNorm(weights, biasValues, batchNormWeights(norm)));
    graph.folded.add(norm.name);
  }
  const [, height, width] = inboundLayers(layer)[0]!.outputShape as number[];
  const [sh, sw] = [config.strides[0] ?? 1, config.strides[1] ?? 1];
  const [top, bottom] = config.padding === 'same' ? samePads(height!, kh, sh) : [0, 0];
  const [left, right] = config.padding === 'same' ? samePads(width!, kw, sw) : [0, 0];
  const name = layer.name;
  const inputs = [inputOf(graph, layer), `${name}_W`];
  const constants: OnnxInitializer[] = [
    {
      name: `${name}_W`,
      dims: [outputs, isDepthwise ? 1 : channels, kh, kw],
      values: weights,
      type: 'float',
    },
  ];
  if (biasValues !== null) {
    inputs.push(`${name}_B`);
    constants.push({ name: `${name}_B`, dims: [outputs], values: biasValues, type: 'float' });
  }
  const attributes = [
    { name: 'kernel_shape', ints: [kh, kw] },
    { name: 'strides', ints: [sh, sw] },
    { name: 'pads', ints: [top, left, bottom, right] },
    ...(isDepthwise ? [{ name: 'group', int: channels }] : []),
  ];
  emit(graph, layer, { op: 'Conv', name, inputs, outputs: [`${name}_out`], attributes }, constants);
  activation(graph, layer, config.activation);
  // The folded norm's output is the conv's (its activation is linear).
  if (norm !== null) graph.tensors.set(norm.name, graph.tensors.get(name)!);
}

function batchNorm(graph: Graph, layer: Layer): void {
  if (graph.folded.has(layer.name)) return;
  const norm = batchNormWeights(layer);
  const parts = { scale: norm.gamma, bias: norm.beta, mean: norm.mean, var: norm.variance };
  const constants = Object.entries(parts).map(([part, data]) => ({
    name: `${layer.name}_${part}`,
    dims: [data.length],
    values: data,
    type: 'float' as const,
  }));
  emit(
    graph,
    layer,
    {
      op: 'BatchNormalization',
      name: layer.name,
      inputs: [inputOf(graph, layer), ...constants.map((constant) => constant.name)],
      outputs: [`${layer.name}_out`],
      attributes: [{ name: 'epsilon', float: norm.epsilon }],
    },
    constants,
  );
}

function relu(graph: Graph, layer: Layer): void {
  const config = layer.getConfig() as { maxValue?: number | null };
  const input = inputOf(graph, layer);
  if (config.maxValue == null) emit(graph, layer, simple('Relu', layer.name, input));
  else emit(graph, layer, clipNode(layer.name, input, config.maxValue));
}

function add(graph: Graph, layer: Layer): void {
  const inputs = inboundLayers(layer).map((_, index) => inputOf(graph, layer, index));
  let sum = inputs[0]!;
  // ONNX Add takes two inputs: chain them.
  inputs.slice(1).forEach((input, index) => {
    const name = index === 0 ? layer.name : `${layer.name}_${index}`;
    graph.nodes.push({ op: 'Add', name, inputs: [sum, input], outputs: [`${name}_out`] });
    sum = `${name}_out`;
  });
  graph.tensors.set(layer.name, sum);
}

function pool(graph: Graph, layer: Layer, op: 'MaxPool' | 'AveragePool'): void {
  const config = layer.getConfig() as { poolSize: number[]; strides: number[]; padding: string };
  if (config.padding !== 'valid') throw unsupported(`'same' pooling (${layer.name}).`);
  const attributes = [
    { name: 'kernel_shape', ints: config.poolSize },
    { name: 'strides', ints: config.strides },
  ];
  emit(graph, layer, simple(op, layer.name, inputOf(graph, layer), attributes));
}

/** Flattens in TensorFlow's (HWC) order, so dense weights after it keep their meaning. */
function flatten(graph: Graph, layer: Layer): void {
  const toNhwc = simple('Transpose', `${layer.name}_to_nhwc`, inputOf(graph, layer), [
    { name: 'perm', ints: [0, 2, 3, 1] },
  ]);
  graph.nodes.push(toNhwc);
  emit(graph, layer, simple('Flatten', layer.name, toNhwc.outputs[0]!, [{ name: 'axis', int: 1 }]));
}

function globalAveragePool(graph: Graph, layer: Layer): void {
  const pooled = simple('GlobalAveragePool', `${layer.name}_pool`, inputOf(graph, layer));
  graph.nodes.push(pooled);
  emit(graph, layer, simple('Flatten', layer.name, pooled.outputs[0]!, [{ name: 'axis', int: 1 }]));
}

/** Dense as PyTorch writes Linear: weights [units, inputs] with transB = 1 (OpenCV needs it). */
function dense(graph: Graph, layer: Layer): void {
  const config = layer.getConfig() as { activation: string; useBias: boolean };
  const [kernel, bias] = layer.getWeights();
  const [inputs, units] = kernel!.shape as [number, number];
  const transposed = new Float32Array(inputs * units);
  const source = values(kernel!);
  for (let i = 0; i < inputs; i++)
    for (let u = 0; u < units; u++) transposed[u * inputs + i] = source[i * units + u]!;
  const name = layer.name;
  const biasValues = config.useBias ? values(bias!) : new Float32Array(units);
  emit(
    graph,
    layer,
    {
      op: 'Gemm',
      name,
      inputs: [inputOf(graph, layer), `${name}_W`, `${name}_B`],
      outputs: [`${name}_out`],
      attributes: [{ name: 'transB', int: 1 }],
    },
    [
      { name: `${name}_W`, dims: [units, inputs], values: transposed, type: 'float' },
      { name: `${name}_B`, dims: [units], values: biasValues, type: 'float' },
    ],
  );
  activation(graph, layer, config.activation);
}

function concatenate(graph: Graph, layer: Layer): void {
  const { axis } = layer.getConfig() as { axis: number };
  const inputs = inboundLayers(layer).map((_, index) => inputOf(graph, layer, index));
  const rank = (layer.outputShape as (number | null)[]).length;
  const node = concatNode(layer.name, inputs, axis, rank);
  if (node === null) throw unsupported(`concatenation on axis ${axis} (${layer.name}).`);
  emit(graph, layer, node);
}

function rescale(graph: Graph, layer: Layer): void {
  const { scale, offset } = layer.getConfig() as { scale: number; offset: number };
  const { nodes, initializers, output } = rescaleNodes(
    layer.name,
    inputOf(graph, layer),
    scale,
    offset,
  );
  graph.nodes.push(...nodes);
  graph.initializers.push(...initializers);
  graph.tensors.set(layer.name, output);
}

function exportLayer(graph: Graph, layer: Layer): void {
  const kind = layer.getClassName();
  switch (kind) {
    case 'InputLayer':
      graph.nodes.push(
        simple('Transpose', 'input_to_nchw', 'input', [{ name: 'perm', ints: [0, 3, 1, 2] }]),
      );
      graph.tensors.set(layer.name, 'input_to_nchw_out');
      return;
    case 'ZeroPadding2D': {
      const { padding } = layer.getConfig() as { padding: [[number, number], [number, number]] };
      return emit(graph, layer, padNode(layer.name, inputOf(graph, layer), padding));
    }
    case 'Conv2D':
    case 'DepthwiseConv2D':
      return convolution(graph, layer);
    case 'BatchNormalization':
      return batchNorm(graph, layer);
    case 'ReLU':
      return relu(graph, layer);
    case 'Activation':
      graph.tensors.set(layer.name, inputOf(graph, layer));
      return activation(graph, layer, (layer.getConfig() as { activation: string }).activation);
    case 'Add':
      return add(graph, layer);
    case 'MaxPooling2D':
      return pool(graph, layer, 'MaxPool');
    case 'AveragePooling2D':
      return pool(graph, layer, 'AveragePool');
    case 'GlobalAveragePooling2D':
      return globalAveragePool(graph, layer);
    case 'Flatten':
      return flatten(graph, layer);
    case 'Dense':
      return dense(graph, layer);
    case 'Dropout':
      graph.tensors.set(layer.name, inputOf(graph, layer)); // Identity at inference.
      return;
    case 'Concatenate':
      return concatenate(graph, layer);
    case 'Rescaling':
      return rescale(graph, layer);
    default:
      throw unsupported(`${kind} layers (${layer.name}).`);
  }
}

/** Renames the tensor `from` to `to` wherever a node writes or reads it. */
function rename(nodes: OnnxNode[], from: string, to: string): void {
  const swap = (names: readonly string[]) => names.map((name) => (name === from ? to : name));
  nodes.forEach((node, index) => {
    nodes[index] = { ...node, inputs: swap(node.inputs), outputs: swap(node.outputs) };
  });
}

/**
 * `model` (one NHWC image input of `size`, one output) as an ONNX graph whose input is `input`
 * (float32 [N, size, size, 3]) and whose output is `outputName`.
 */
export function toOnnxGraph(
  model: tf.LayersModel,
  size: number,
  producerVersion: string,
  outputName = 'probabilities',
): Uint8Array {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw unsupported('the model must have one input and one output.');
  const graph: Graph = { nodes: [], initializers: [], tensors: new Map(), folded: new Set() };
  for (const layer of model.layers) exportLayer(graph, layer);
  const outputLayer = model.outputLayers[0]!;
  const last = graph.tensors.get(outputLayer.name)!;
  rename(graph.nodes, last, outputName);
  const outputShape = model.outputs[0]!.shape;
  return encodeOnnxModel({
    name: model.name,
    nodes: graph.nodes,
    initializers: graph.initializers,
    input: { name: 'input', dims: ['N', size, size, 3] },
    output: { name: outputName, dims: ['N', ...outputShape.slice(1).map((side) => side ?? 0)] },
    producerVersion,
    opset: graphOpset,
    docString: `Input: float32 [N, ${size}, ${size}, 3], RGB, in the model's input scaling.`,
  });
}
