/** ReLU, the non-linearity after each convolution: negative responses become zero. */
import { createPlane } from './image.js';
import type { Plane } from './image.js';

export function relu(input: Plane, out?: Float32Array): Plane {
  const data = out ?? new Float32Array(input.data.length);
  const source = input.data;
  for (let i = 0; i < source.length; i++) {
    const value = source[i]!;
    data[i] = value > 0 ? value : 0;
  }
  return createPlane(input.width, input.height, data);
}

export interface SignCounts {
  readonly negative: number;
  readonly zero: number;
  readonly positive: number;
}

export function countSigns(plane: Plane): SignCounts {
  let negative = 0;
  let zero = 0;
  for (const value of plane.data) {
    if (value < 0) negative++;
    else if (value === 0) zero++;
  }
  return { negative, zero, positive: plane.data.length - negative - zero };
}

/**
 * The three activations the article names. ReLU is what CNNs use after a convolution; sigmoid and
 * tanh squash every value into a band, and far from zero they barely change (their gradient
 * vanishes there), which is why deep networks moved to ReLU.
 */
export const activationIds = ['relu', 'sigmoid', 'tanh'] as const;
export type ActivationId = (typeof activationIds)[number];

const functions: Record<ActivationId, (value: number) => number> = {
  relu: (value) => (value > 0 ? value : 0),
  sigmoid: (value) => 1 / (1 + Math.exp(-value)),
  tanh: (value) => Math.tanh(value),
};

/** One activation applied to every cell, after multiplying by `scale` (e.g. 1/255 for 0–1 pixels). */
export function activate(input: Plane, id: ActivationId, scale = 1): Plane {
  const apply = functions[id];
  return createPlane(
    input.width,
    input.height,
    input.data.map((value) => apply(value * scale)),
  );
}

/** The range of values an activation can give: what its output is displayed against. */
export function activationRange(id: ActivationId): { readonly low: number; readonly high: number } {
  switch (id) {
    case 'relu':
      return { low: 0, high: Number.POSITIVE_INFINITY };
    case 'sigmoid':
      return { low: 0, high: 1 };
    case 'tanh':
      return { low: -1, high: 1 };
  }
}
