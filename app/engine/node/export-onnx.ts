/**
 * A trained tfjs model → ONNX, for the layer types Fovea's presets use (conv2d, max/avg pooling,
 * flatten, dense, dropout, batch norm; relu, elu, tanh, sigmoid, softmax, linear).
 *
 * The exported model takes the same input as the tfjs one: float32 [N, size, size, 3] (NHWC, RGB,
 * uint8 / 255). It transposes to NCHW for ONNX's Conv and pooling, and back to NHWC right before
 * Flatten, so the flattened order — and with it the dense weights — is TensorFlow's.
 * TensorFlow's 'same' padding is written as explicit pads (extra pixel after, as TF does).
 */
import * as tf from '@tensorflow/tfjs';
import { FoveaError } from '../../base/common/errors.js';
import type { OnnxInitializer, OnnxNode } from './onnx-proto.js';
import { samePads } from './onnx-layers.js';
import { encodeOnnxModel } from './onnx-proto.js';

interface Builder {
  readonly nodes: OnnxNode[];
  readonly initializers: OnnxInitializer[];
  /** The tensor produced so far and whether it is NCHW (else NHWC or 2-D). */
  current: string;
  isChannelsFirst: boolean;
  /** The tfjs (NHWC) shape of the current tensor, batch first. */
  shape: tf.Shape;
}

const activationOps: Record<string, string | null> = {
  relu: 'Relu',
  elu: 'Elu',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  softmax: 'Softmax',
  linear: null,
};

function weightValues(layer: tf.layers.Layer): Float32Array[] {
  return layer.getWeights().map((weight) => weight.dataSync() as Float32Array);
}

function add(builder: Builder, op: string, name: string, extra: Partial<OnnxNode> = {}): void {
  const output = `${name}_out`;
  builder.nodes.push({ op, name, inputs: [builder.current], outputs: [output], ...extra });
  builder.current = output;
}

/** A node whose weight `W` and bias `B` are stored as initializers next to it. */
function addWeighted(
  builder: Builder,
  op: 'Conv' | 'Gemm',
  name: string,
  weightDims: number[],
  weights: Float32Array,
  bias: tf.Tensor,
  attributes: OnnxNode['attributes'] = [],
): void {
  builder.initializers.push(
    { name: `${name}_W`, dims: weightDims, values: weights, type: 'float' },
    {
      name: `${name}_B`,
      dims: [bias.shape[0] ?? 0],
      values: bias.dataSync() as Float32Array,
      type: 'float',
    },
  );
  add(builder, op, name, { inputs: [builder.current, `${name}_W`, `${name}_B`], attributes });
}

function toLayout(builder: Builder, isChannelsFirst: boolean, name: string): void {
  if (builder.isChannelsFirst === isChannelsFirst) return;
  add(builder, 'Transpose', `${name}_${isChannelsFirst ? 'to_nchw' : 'to_nhwc'}`, {
    attributes: [{ name: 'perm', ints: isChannelsFirst ? [0, 3, 1, 2] : [0, 2, 3, 1] }],
  });
  builder.isChannelsFirst = isChannelsFirst;
}

function activation(builder: Builder, name: string, kind: unknown): void {
  const op = activationOps[String(kind)];
  if (op === undefined)
    throw new FoveaError(
      'unsupported',
      `ONNX export does not know the activation ${String(kind)}.`,
    );
  if (op === null) return;
  add(builder, op, `${name}_${String(kind)}`, {
    attributes:
      op === 'Softmax'
        ? [{ name: 'axis', int: -1 }]
        : op === 'Elu'
          ? [{ name: 'alpha', float: 1 }]
          : [],
  });
}

function conv(builder: Builder, layer: tf.layers.Layer): void {
  const config = layer.getConfig() as {
    kernelSize: number[];
    strides: number[];
    padding: string;
    activation: string;
    filters: number;
  };
  const [kernel, bias] = layer.getWeights();
  const [kh, kw, inChannels, outChannels] = kernel!.shape as number[];
  // [kh, kw, in, out] → [out, in, kh, kw]
  const transposed = tf.tidy(() => kernel!.transpose([3, 2, 0, 1]));
  const weights = transposed.dataSync() as Float32Array;
  transposed.dispose();
  const [height, width] = [builder.shape[1] ?? 0, builder.shape[2] ?? 0];
  const [sh, sw] = [config.strides[0] ?? 1, config.strides[1] ?? 1];
  const [top, bottom] = config.padding === 'same' ? samePads(height, kh!, sh) : [0, 0];
  const [left, right] = config.padding === 'same' ? samePads(width, kw!, sw) : [0, 0];
  toLayout(builder, true, layer.name);
  addWeighted(builder, 'Conv', layer.name, [outChannels!, inChannels!, kh!, kw!], weights, bias!, [
    { name: 'kernel_shape', ints: [kh!, kw!] },
    { name: 'strides', ints: [sh, sw] },
    { name: 'pads', ints: [top, left, bottom, right] },
  ]);
  activation(builder, layer.name, config.activation);
}

function pool(builder: Builder, layer: tf.layers.Layer, op: 'MaxPool' | 'AveragePool'): void {
  const config = layer.getConfig() as { poolSize: number[]; strides: number[]; padding: string };
  if (config.padding !== 'valid')
    throw new FoveaError(
      'unsupported',
      `ONNX export supports 'valid' pooling only (${layer.name}).`,
    );
  toLayout(builder, true, layer.name);
  add(builder, op, layer.name, {
    attributes: [
      { name: 'kernel_shape', ints: config.poolSize },
      { name: 'strides', ints: config.strides },
    ],
  });
}

function dense(builder: Builder, layer: tf.layers.Layer): void {
  const config = layer.getConfig() as { activation: string; units: number };
  const [kernel, bias] = layer.getWeights();
  const [inputs, units] = kernel!.shape as number[];
  // Stored [units, inputs] with transB = 1, as PyTorch writes a Linear layer: OpenCV's dnn (4.6)
  // refuses a Gemm whose weights are [inputs, units] without transB.
  const transposed = tf.tidy(() => kernel!.transpose());
  const weights = transposed.dataSync() as Float32Array;
  transposed.dispose();
  addWeighted(builder, 'Gemm', layer.name, [units!, inputs!], weights, bias!, [
    { name: 'transB', int: 1 },
  ]);
  activation(builder, layer.name, config.activation);
}

function batchNorm(builder: Builder, layer: tf.layers.Layer): void {
  const config = layer.getConfig() as {
    epsilon: number;
    axis: number;
    center: boolean;
    scale: boolean;
  };
  if (!config.center || !config.scale)
    throw new FoveaError(
      'unsupported',
      `ONNX export needs batch norm with center and scale (${layer.name}).`,
    );
  const [gamma, beta, mean, variance] = weightValues(layer);
  const channels = gamma!.length;
  const isImage = builder.shape.length === 4;
  if (isImage) toLayout(builder, true, layer.name);
  const names = ['scale', 'bias', 'mean', 'var'].map((part) => `${layer.name}_${part}`);
  [gamma, beta, mean, variance].forEach((values, index) =>
    builder.initializers.push({
      name: names[index]!,
      dims: [channels],
      values: values!,
      type: 'float',
    }),
  );
  builder.nodes.push({
    op: 'BatchNormalization',
    name: layer.name,
    inputs: [builder.current, ...names],
    outputs: [`${layer.name}_out`],
    attributes: [{ name: 'epsilon', float: config.epsilon }],
  });
  builder.current = `${layer.name}_out`;
}

/** The layers of `model`, in order, written as one ONNX graph. */
export function toOnnx(model: tf.LayersModel, size: number, producerVersion: string): Uint8Array {
  const builder: Builder = {
    nodes: [],
    initializers: [],
    current: 'input',
    isChannelsFirst: false,
    shape: [null, size, size, 3],
  };
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    const inputShape = builder.shape;
    switch (kind) {
      case 'Conv2D':
        conv(builder, layer);
        break;
      case 'MaxPooling2D':
        pool(builder, layer, 'MaxPool');
        break;
      case 'AveragePooling2D':
        pool(builder, layer, 'AveragePool');
        break;
      case 'Flatten':
        toLayout(builder, false, layer.name);
        add(builder, 'Flatten', layer.name, { attributes: [{ name: 'axis', int: 1 }] });
        break;
      case 'Dense':
        dense(builder, layer);
        break;
      case 'Dropout':
        break; // Identity at inference.
      case 'BatchNormalization':
        batchNorm(builder, layer);
        break;
      default:
        throw new FoveaError(
          'unsupported',
          `ONNX export does not support ${kind} layers (${layer.name}).`,
        );
    }
    builder.shape = layer.computeOutputShape(inputShape) as tf.Shape;
  }
  const last = builder.nodes[builder.nodes.length - 1];
  if (last === undefined) throw new FoveaError('invalid_argument', 'The model has no layers.');
  // Name the graph's output `probabilities`: rename the last node's output.
  builder.nodes[builder.nodes.length - 1] = { ...last, outputs: ['probabilities'] };
  const classes = model.outputs[0]?.shape[1] ?? 0;
  return encodeOnnxModel({
    name: model.name,
    nodes: builder.nodes,
    initializers: builder.initializers,
    input: { name: 'input', dims: ['N', size, size, 3] },
    output: { name: 'probabilities', dims: ['N', classes] },
    producerVersion,
    docString: 'Input: float32 [N, size, size, 3], RGB, pixel / 255. Output: class probabilities.',
  });
}
