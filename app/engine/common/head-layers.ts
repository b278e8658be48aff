/**
 * A pretrained run's head as plain data: the dense layers that turn a backbone's pooled,
 * concatenated features into class probabilities. The head trains on standardized features; the
 * standardization is folded into the first layer here so the head takes the raw features the
 * whole network (backbone → pool → concat → head) produces, and exports need no extra node.
 */
import { FoveaError } from '../../base/common/errors.js';

export type HeadActivation = 'relu' | 'softmax';

export interface HeadDense {
  /** [inputs, outputs], row-major. */
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly activation: HeadActivation;
}

export interface HeadLayers {
  readonly dense: readonly HeadDense[];
}

/** The per-feature mean and spread the head's training split was standardized with. */
export interface Standardization {
  readonly mean: Float32Array;
  readonly spread: Float32Array;
}

/**
 * The dense layer that computes `dense((x − mean) / spread)` from raw `x`:
 * w'[i, j] = w[i, j] / spread[i] and b'[j] = b[j] − Σᵢ mean[i] · w[i, j] / spread[i].
 * Sums run in float64 so the fold adds no more rounding than float32 storage itself.
 */
export function foldStandardization(dense: HeadDense, standardization: Standardization): HeadDense {
  const { mean, spread } = standardization;
  const inputs = mean.length;
  const outputs = dense.bias.length;
  if (spread.length !== inputs || dense.kernel.length !== inputs * outputs)
    throw new FoveaError(
      'invalid_argument',
      `Cannot fold a standardization of ${inputs} means and ${spread.length} spreads into a ` +
        `dense layer of ${dense.kernel.length} weights and ${outputs} outputs.`,
    );
  const kernel = new Float32Array(inputs * outputs);
  const shift = new Float64Array(outputs);
  for (let row = 0; row < inputs; row++) {
    const scale = 1 / spread[row]!;
    for (let column = 0; column < outputs; column++) {
      const weight = dense.kernel[row * outputs + column]! * scale;
      kernel[row * outputs + column] = weight;
      shift[column]! += mean[row]! * weight;
    }
  }
  const bias = Float32Array.from(dense.bias, (value, column) => value - shift[column]!);
  return { kernel, bias, activation: dense.activation };
}

/** The head with its standardization folded into the first dense layer. */
export function foldHeadStandardization(
  head: HeadLayers,
  standardization: Standardization,
): HeadLayers {
  const [first, ...rest] = head.dense;
  if (!first) throw new FoveaError('invalid_argument', 'The head has no dense layer.');
  return { dense: [foldStandardization(first, standardization), ...rest] };
}

/** Width of the features the head takes. */
export function headInputs(head: HeadLayers): number {
  const first = head.dense[0];
  return first ? first.kernel.length / first.bias.length : 0;
}
