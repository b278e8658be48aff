/**
 * Receptive fields: which input pixels a cell of a deep feature map can see. Walking back through
 * each layer, a range [a, b] of output cells comes from inputs [a·s − p, b·s − p + f − 1].
 */
import { FoveaError } from '../../base/common/errors.js';
import { convOutputSize } from './sizes.js';

export type FieldLayer =
  | {
      readonly kind: 'conv';
      readonly size: number;
      readonly stride?: number;
      readonly padding?: number;
    }
  | { readonly kind: 'pool'; readonly size: number; readonly stride?: number };

/** Input rectangle, half-open: columns left…right−1, rows top…bottom−1. May reach into padding. */
export interface FieldRect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

function geometry(layer: FieldLayer): { size: number; stride: number; padding: number } {
  switch (layer.kind) {
    case 'conv':
      return { size: layer.size, stride: layer.stride ?? 1, padding: layer.padding ?? 0 };
    case 'pool':
      return { size: layer.size, stride: layer.stride ?? layer.size, padding: 0 };
  }
}

/** The side of the map after each layer, starting with the input side. */
export function layerSides(inputSide: number, layers: readonly FieldLayer[]): number[] {
  const sides = [inputSide];
  let side = inputSide;
  for (const layer of layers) {
    const { size, stride, padding } = geometry(layer);
    side = convOutputSize({ inputSize: side, kernelSize: size, stride, padding });
    sides.push(side);
  }
  return sides;
}

/** The input rectangle seen by cell (x, y) of the last layer's output. */
export function receptiveField(layers: readonly FieldLayer[], x: number, y: number): FieldRect {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0) {
    throw new FoveaError(
      'invalid_argument',
      `A cell has whole, non-negative coordinates; got (${x}, ${y}).`,
    );
  }
  let left = x;
  let right = x;
  let top = y;
  let bottom = y;
  for (const layer of [...layers].reverse()) {
    const { size, stride, padding } = geometry(layer);
    left = left * stride - padding;
    top = top * stride - padding;
    right = right * stride - padding + size - 1;
    bottom = bottom * stride - padding + size - 1;
  }
  return { left, top, right: right + 1, bottom: bottom + 1 };
}

/** The same rectangle cut to the image (padding holds no pixels). */
export function clipField(rect: FieldRect, width: number, height: number): FieldRect {
  return {
    left: Math.max(0, rect.left),
    top: Math.max(0, rect.top),
    right: Math.min(width, rect.right),
    bottom: Math.min(height, rect.bottom),
  };
}

/** Side of the receptive field and the input distance between neighbouring cells. */
export function fieldSize(layers: readonly FieldLayer[]): { size: number; jump: number } {
  let size = 1;
  let jump = 1;
  for (const layer of layers) {
    const g = geometry(layer);
    size += (g.size - 1) * jump;
    jump *= g.stride;
  }
  return { size, jump };
}
