/**
 * Parameter counts: why a dense layer on raw pixels explodes while a convolution shares a few
 * weights across every position of the image.
 */
import { FoveaError } from '../../base/common/errors.js';
import { convOutputSize } from './sizes.js';

export interface LayerCount {
  readonly weights: number;
  readonly biases: number;
  readonly parameters: number;
}

export interface DenseLayerCount extends LayerCount {
  readonly inputs: number;
  readonly units: number;
}

export interface DenseStackCount {
  readonly inputs: number;
  readonly layers: readonly DenseLayerCount[];
  readonly total: number;
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new FoveaError('invalid_argument', `${name} must be a whole number ≥ 1; got ${value}.`);
  }
}

/** Every input connects to every unit, plus one bias per unit: `inputs·units + units`. */
export function denseWeights(inputs: number, units: number): LayerCount {
  const weights = inputs * units;
  return { weights, biases: units, parameters: weights + units };
}

/** One f×f kernel per input channel and one bias, for each of k filters: `(f·f·c + 1)·k`. */
export function convWeights(kernelSize: number, channels: number, filters: number): LayerCount {
  const weights = kernelSize * kernelSize * channels * filters;
  return { weights, biases: filters, parameters: weights + filters };
}

/** `denseWeights` for counts a person typed: each must be a whole number ≥ 1. */
export function denseLayerCount(inputs: number, units: number): DenseLayerCount {
  checkCount('The number of inputs', inputs);
  checkCount('The number of units', units);
  return { inputs, units, ...denseWeights(inputs, units) };
}

/** Dense layers of the given widths on a flattened `side×side×channels` image. */
export function denseStackCount(
  side: number,
  channels: number,
  widths: readonly number[],
): DenseStackCount {
  checkCount('The image side', side);
  checkCount('The number of channels', channels);
  const inputs = side * side * channels;
  const layers: DenseLayerCount[] = [];
  let previous = inputs;
  for (const units of widths) {
    const layer = denseLayerCount(previous, units);
    layers.push(layer);
    previous = units;
  }
  return { inputs, layers, total: layers.reduce((sum, layer) => sum + layer.parameters, 0) };
}

export interface ConvLayerCount extends LayerCount {
  readonly kernelSize: number;
  readonly channels: number;
  readonly filters: number;
  /** Side of each output map (no padding, stride 1): n − f + 1. */
  readonly outputSide: number;
  /** Neurons in one output map: every one of them uses the same f·f·c + 1 numbers. */
  readonly neuronsPerFilter: number;
}

/** `convWeights` on a `side×side×channels` image, with the neurons that share each filter. */
export function convLayerCount(
  side: number,
  channels: number,
  kernelSize: number,
  filters = 1,
): ConvLayerCount {
  checkCount('The image side', side);
  checkCount('The number of channels', channels);
  checkCount('The kernel size', kernelSize);
  checkCount('The number of filters', filters);
  const outputSide = convOutputSize({ inputSize: side, kernelSize });
  return {
    kernelSize,
    channels,
    filters,
    ...convWeights(kernelSize, channels, filters),
    outputSide,
    neuronsPerFilter: outputSide * outputSide,
  };
}

/** Reads "128, 256, 1" (or spaces, or "128-256-1") into widths; undefined if any is not a count. */
export function parseWidths(text: string): number[] | undefined {
  const parts = text.split(/[\s,;\-–→]+/).filter((part) => part !== '');
  if (parts.length === 0) return undefined;
  const widths = parts.map(Number);
  return widths.every((width) => Number.isSafeInteger(width) && width >= 1) ? widths : undefined;
}
