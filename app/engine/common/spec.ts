/**
 * Model specs: a CNN described as plain data (JSON), so it can be stored with a run, edited in the
 * renderer and sent to the engine process. `describeModel` walks the layers once and gives each
 * layer's output shape and parameter count, or a message naming the first layer that cannot work.
 *
 * Shapes follow TensorFlow's conventions (height × width × channels, "valid" pooling), which for
 * these layers count the same parameters as PyTorch (batch norm aside: see `LayerSummary`).
 * Output sizes and parameter counts come from the formulas the Learn area teaches
 * (`app/teach/common`), so the summary and the lessons cannot disagree.
 */
import { convWeights, denseWeights } from '../../teach/common/parameters.js';
import { windowOutputSize } from '../../teach/common/sizes.js';

export type Activation = 'relu' | 'elu' | 'tanh' | 'sigmoid' | 'softmax' | 'linear';
export const activations: readonly Activation[] = [
  'relu',
  'elu',
  'tanh',
  'sigmoid',
  'softmax',
  'linear',
];

export type Padding = 'same' | 'valid';

export interface Conv2dLayer {
  readonly type: 'conv2d';
  readonly filters: number;
  /** Square kernel side. */
  readonly kernelSize: number;
  /** Square stride; 1 when left out. */
  readonly strides?: number;
  readonly padding: Padding;
  readonly activation: Activation;
}

export interface MaxPool2dLayer {
  readonly type: 'maxPool2d';
  readonly poolSize: number;
  /** Defaults to `poolSize` (non-overlapping windows). Pools never pad. */
  readonly strides?: number;
}

export interface AvgPool2dLayer {
  readonly type: 'avgPool2d';
  readonly poolSize: number;
  readonly strides?: number;
}

export interface FlattenLayer {
  readonly type: 'flatten';
}

export interface DenseLayer {
  readonly type: 'dense';
  readonly units: number;
  readonly activation: Activation;
}

export interface DropoutLayer {
  readonly type: 'dropout';
  /** Fraction of units dropped while training, in [0, 1). */
  readonly rate: number;
}

/** Batch normalization over the last axis (channels after a conv, units after a dense layer). */
export interface BatchNormLayer {
  readonly type: 'batchNorm';
}

export type LayerSpec =
  | Conv2dLayer
  | MaxPool2dLayer
  | AvgPool2dLayer
  | FlattenLayer
  | DenseLayer
  | DropoutLayer
  | BatchNormLayer;

export type LayerType = LayerSpec['type'];

export interface ModelSpec {
  readonly name: string;
  readonly layers: readonly LayerSpec[];
}

/** What the model is built for: square RGB images of `size` pixels, `classes` classes. */
export interface ModelInput {
  readonly size: number;
  readonly classes: number;
}

/** [height, width, channels] for images and feature maps, [units] after flatten or dense. */
export type Shape = readonly [number, number, number] | readonly [number];

export interface LayerSummary {
  /** 1-based, as shown to people. */
  readonly index: number;
  readonly type: LayerType;
  /** e.g. "conv2d 3×3, 16 filters, relu". */
  readonly label: string;
  readonly outputShape: Shape;
  /**
   * Every number the layer stores, as Keras counts them. Batch norm's moving mean and variance are
   * included here but are not trainable (PyTorch calls them buffers and leaves them out).
   */
  readonly parameters: number;
  readonly trainableParameters: number;
}

export interface ModelSummary {
  readonly input: Shape;
  /** The layers that could be followed; stops at the first one that cannot work. */
  readonly layers: readonly LayerSummary[];
  readonly totalParameters: number;
  readonly trainableParameters: number;
  /** Empty when the spec is valid; otherwise messages a person can act on. */
  readonly issues: readonly string[];
}

export function formatShape(shape: Shape): string {
  return shape.join('×');
}

export function describeLayer(layer: LayerSpec): string {
  switch (layer.type) {
    case 'conv2d': {
      const stride =
        layer.strides !== undefined && layer.strides !== 1 ? `, stride ${layer.strides}` : '';
      return `conv2d ${layer.kernelSize}×${layer.kernelSize}, ${layer.filters} filters${stride}, ${layer.padding}, ${layer.activation}`;
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const stride =
        layer.strides !== undefined && layer.strides !== layer.poolSize
          ? `, stride ${layer.strides}`
          : '';
      return `${layer.type} ${layer.poolSize}×${layer.poolSize}${stride}`;
    }
    case 'flatten':
      return 'flatten';
    case 'dense':
      return `dense ${layer.units}, ${layer.activation}`;
    case 'dropout':
      return `dropout ${layer.rate}`;
    case 'batchNorm':
      return 'batchNorm';
  }
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Problems with a layer's own fields, before looking at its input. */
function fieldIssues(layer: LayerSpec): string[] {
  const issues: string[] = [];
  const positive = (field: string, value: unknown) => {
    if (!isPositiveInteger(value))
      issues.push(`${field} must be a positive whole number, got ${String(value)}`);
  };
  const activation = (value: unknown) => {
    if (!activations.includes(value as Activation))
      issues.push(`activation must be one of ${activations.join(', ')}, got ${String(value)}`);
  };
  switch (layer.type) {
    case 'conv2d':
      positive('filters', layer.filters);
      positive('kernelSize', layer.kernelSize);
      if (layer.strides !== undefined) positive('strides', layer.strides);
      if (layer.padding !== 'same' && layer.padding !== 'valid')
        issues.push(`padding must be 'same' or 'valid', got ${String(layer.padding)}`);
      activation(layer.activation);
      break;
    case 'maxPool2d':
    case 'avgPool2d':
      positive('poolSize', layer.poolSize);
      if (layer.strides !== undefined) positive('strides', layer.strides);
      break;
    case 'dense':
      positive('units', layer.units);
      activation(layer.activation);
      break;
    case 'dropout':
      if (typeof layer.rate !== 'number' || !(layer.rate >= 0 && layer.rate < 1))
        issues.push(`rate must be at least 0 and below 1, got ${String(layer.rate)}`);
      break;
    case 'flatten':
    case 'batchNorm':
      break;
  }
  return issues;
}

type Step =
  | { readonly shape: Shape; readonly parameters: number; readonly trainable: number }
  | { readonly issue: string };

/** One layer applied to one input shape. `name` is how the layer is called in messages. */
function applyLayer(layer: LayerSpec, input: Shape, name: string): Step {
  const isImage = input.length === 3;
  const needsImage = () => ({
    issue: `${name} needs an image-shaped input (height×width×channels) but gets a vector of ${input[0]}; put convolution and pooling layers before flatten`,
  });
  switch (layer.type) {
    case 'conv2d':
    case 'maxPool2d':
    case 'avgPool2d': {
      if (!isImage) return needsImage();
      const [height, width, channels] = input;
      const window = layer.type === 'conv2d' ? layer.kernelSize : layer.poolSize;
      const stride = layer.strides ?? (layer.type === 'conv2d' ? 1 : layer.poolSize);
      const padding = layer.type === 'conv2d' ? layer.padding : 'valid';
      const outHeight = windowOutputSize(height, window, stride, padding);
      const outWidth = windowOutputSize(width, window, stride, padding);
      if (outHeight < 1 || outWidth < 1)
        return { issue: `${name} would shrink a ${formatShape(input)} input below 1×1` };
      if (layer.type !== 'conv2d')
        return { shape: [outHeight, outWidth, channels], parameters: 0, trainable: 0 };
      const { parameters } = convWeights(window, channels, layer.filters);
      return { shape: [outHeight, outWidth, layer.filters], parameters, trainable: parameters };
    }
    case 'flatten':
      return {
        shape: [input.reduce((product, side) => product * side, 1)],
        parameters: 0,
        trainable: 0,
      };
    case 'dense': {
      if (isImage)
        return {
          issue: `${name} needs a flat input; add a flatten layer before it (its input is ${formatShape(input)})`,
        };
      const { parameters } = denseWeights(input[0], layer.units);
      return { shape: [layer.units], parameters, trainable: parameters };
    }
    case 'dropout':
      return { shape: input, parameters: 0, trainable: 0 };
    case 'batchNorm': {
      const features = input[input.length - 1] ?? 0;
      return { shape: input, parameters: 4 * features, trainable: 2 * features };
    }
  }
}

/** Output shapes and parameter counts, layer by layer, with every problem found on the way. */
export function describeModel(spec: ModelSpec, input: ModelInput): ModelSummary {
  const issues: string[] = [];
  if (!isPositiveInteger(input.size))
    issues.push(`the input size must be a positive whole number, got ${String(input.size)}`);
  if (!isPositiveInteger(input.classes) || input.classes < 2)
    issues.push(`a classifier needs at least 2 classes, got ${String(input.classes)}`);
  const inputShape: Shape = [input.size, input.size, 3];
  const layers: LayerSummary[] = [];
  // Specs arrive as JSON from other processes: check the data, not just its declared type.
  const specLayers: readonly LayerSpec[] = Array.isArray(spec.layers) ? spec.layers : [];
  if (specLayers.length === 0) issues.push('the model has no layers');
  let shape: Shape = inputShape;
  for (const [position, layer] of specLayers.entries()) {
    const index = position + 1;
    const known = typeof layer === 'object' && layer !== null && layerTypes.includes(layer.type);
    if (!known) {
      issues.push(
        `layer ${index} has an unknown type ${String((layer as { type?: unknown } | null)?.type)}`,
      );
      break;
    }
    const name = `layer ${index} (${describeLayer(layer)})`;
    const fieldProblems = fieldIssues(layer);
    if (fieldProblems.length > 0) {
      issues.push(`${name}: ${fieldProblems.join('; ')}`);
      break;
    }
    const step = applyLayer(layer, shape, name);
    if ('issue' in step) {
      issues.push(step.issue);
      break;
    }
    shape = step.shape;
    layers.push({
      index,
      type: layer.type,
      label: describeLayer(layer),
      outputShape: step.shape,
      parameters: step.parameters,
      trainableParameters: step.trainable,
    });
  }
  if (issues.length === 0) issues.push(...headIssues(spec, input));
  return {
    input: inputShape,
    layers,
    totalParameters: layers.reduce((sum, layer) => sum + layer.parameters, 0),
    trainableParameters: layers.reduce((sum, layer) => sum + layer.trainableParameters, 0),
    issues,
  };
}

const layerTypes: readonly LayerType[] = [
  'conv2d',
  'maxPool2d',
  'avgPool2d',
  'flatten',
  'dense',
  'dropout',
  'batchNorm',
];

/** The classifier head: the last layer turns features into one probability per class. */
function headIssues(spec: ModelSpec, input: ModelInput): string[] {
  const last = spec.layers[spec.layers.length - 1];
  const index = spec.layers.length;
  if (last?.type !== 'dense')
    return [
      `the last layer must be dense with ${input.classes} units and softmax (one probability per class), but layer ${index} is ${last === undefined ? 'missing' : describeLayer(last)}`,
    ];
  const issues: string[] = [];
  if (last.units !== input.classes)
    issues.push(
      `the last layer (layer ${index}) has ${last.units} units but there are ${input.classes} classes`,
    );
  if (last.activation !== 'softmax')
    issues.push(
      `the last layer (layer ${index}) must use softmax to give class probabilities, not ${last.activation}`,
    );
  return issues;
}

/** The messages of `describeModel`; empty when the spec can be built and trained. */
export function validateModelSpec(spec: ModelSpec, input: ModelInput): readonly string[] {
  return describeModel(spec, input).issues;
}
