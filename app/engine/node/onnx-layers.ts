/**
 * The pieces a pretrained network needs in ONNX, written the way PyTorch exports them, since that
 * is what every ONNX client is tested against: depthwise convolution as a grouped `Conv`
 * (`group` = channels), Relu6 as `Clip(0, 6)`, batch norm folded into the convolution before it,
 * and Keras' ZeroPadding2D as a `Pad`. Weights arrive in TensorFlow's layouts (HWIO kernels,
 * NHWC images) and leave in ONNX's (OIHW, NCHW).
 */
import type { OnnxInitializer, OnnxNode } from './onnx-proto.js';

/** TF 'same': total padding so the output is ⌈n/s⌉, the odd pixel after. */
export function samePads(input: number, kernel: number, stride: number): [number, number] {
  const output = Math.ceil(input / stride);
  const total = Math.max((output - 1) * stride + kernel - input, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** A conv kernel [kh, kw, in, out] (TF) → [out, in, kh, kw] (ONNX). */
export function convKernelToOihw(
  kernel: Float32Array,
  [height, width, inputs, outputs]: readonly [number, number, number, number],
): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let i = 0; i < inputs; i++)
        for (let o = 0; o < outputs; o++)
          out[((o * inputs + i) * height + y) * width + x] =
            kernel[((y * width + x) * inputs + i) * outputs + o]!;
  return out;
}

/**
 * A depthwise kernel [kh, kw, channels, multiplier] (TF) → the weights of a grouped Conv with
 * `group` = channels: [channels × multiplier, 1, kh, kw]. TF orders the outputs channel-major
 * (output c·multiplier + m comes from input c), which is also how ONNX groups them.
 */
export function depthwiseKernelToGrouped(
  kernel: Float32Array,
  [height, width, channels, multiplier]: readonly [number, number, number, number],
): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++)
        for (let m = 0; m < multiplier; m++)
          out[((c * multiplier + m) * height + y) * width + x] =
            kernel[((y * width + x) * channels + c) * multiplier + m]!;
  return out;
}

export interface BatchNormWeights {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly epsilon: number;
}

/**
 * Folds inference-time batch norm into the OIHW weights and bias of the conv before it:
 * w' = w · γ/√(σ² + ε) per output channel, b' = (b − μ) · γ/√(σ² + ε) + β.
 */
export function foldBatchNorm(
  weights: Float32Array,
  bias: Float32Array | null,
  norm: BatchNormWeights,
): { weights: Float32Array; bias: Float32Array } {
  const channels = norm.gamma.length;
  const perChannel = weights.length / channels;
  const folded = new Float32Array(weights.length);
  const foldedBias = new Float32Array(channels);
  for (let o = 0; o < channels; o++) {
    const factor = norm.gamma[o]! / Math.sqrt(norm.variance[o]! + norm.epsilon);
    for (let k = 0; k < perChannel; k++)
      folded[o * perChannel + k] = weights[o * perChannel + k]! * factor;
    foldedBias[o] = ((bias?.[o] ?? 0) - norm.mean[o]!) * factor + norm.beta[o]!;
  }
  return { weights: folded, bias: foldedBias };
}

/**
 * The opset graph exports are written for. OpenCV's dnn (4.6, Debian 12) reads Clip and Pad only
 * in their attribute forms, which opset 11 replaced by inputs; opset 10 has everything a
 * MobileNet needs, and onnxruntime and the checker accept it.
 */
export const graphOpset = 10;

/** ReLU capped at `max` (Keras ReLU(max_value), Relu6), as Clip (opset 10: bounds as attributes). */
export function clipNode(name: string, input: string, max: number): OnnxNode {
  return {
    op: 'Clip',
    name,
    inputs: [input],
    outputs: [`${name}_out`],
    attributes: [
      { name: 'min', float: 0 },
      { name: 'max', float: max },
    ],
  };
}

/** Zero padding of an NCHW tensor: [[top, bottom], [left, right]] (Keras' order), opset 10. */
export function padNode(
  name: string,
  input: string,
  [[top, bottom], [left, right]]: readonly [readonly [number, number], readonly [number, number]],
): OnnxNode {
  return {
    op: 'Pad',
    name,
    inputs: [input],
    outputs: [`${name}_out`],
    attributes: [{ name: 'pads', ints: [0, 0, top, left, 0, 0, bottom, right] }],
  };
}

/**
 * Keras' Concatenate on the last axis: channels, which is axis 1 both for NCHW images and for
 * [N, features] vectors (the only tensors the graph export holds). Other axes are refused.
 */
export function concatNode(
  name: string,
  inputs: readonly string[],
  axis: number,
  rank: number,
): OnnxNode | null {
  if (axis !== -1 && axis !== rank - 1) return null;
  return {
    op: 'Concat',
    name,
    inputs,
    outputs: [`${name}_out`],
    attributes: [{ name: 'axis', int: 1 }],
  };
}

/** Keras' Rescaling (x · scale + offset) as Mul and Add with one-element constants. */
export function rescaleNodes(
  name: string,
  input: string,
  scale: number,
  offset: number,
): { nodes: OnnxNode[]; initializers: OnnxInitializer[]; output: string } {
  const constant = (part: string, value: number): OnnxInitializer => ({
    name: `${name}_${part}`,
    dims: [1],
    values: new Float32Array([value]),
    type: 'float',
  });
  return {
    nodes: [
      {
        op: 'Mul',
        name: `${name}_mul`,
        inputs: [input, `${name}_scale`],
        outputs: [`${name}_mul_out`],
      },
      {
        op: 'Add',
        name,
        inputs: [`${name}_mul_out`, `${name}_offset`],
        outputs: [`${name}_out`],
      },
    ],
    initializers: [constant('scale', scale), constant('offset', offset)],
    output: `${name}_out`,
  };
}
