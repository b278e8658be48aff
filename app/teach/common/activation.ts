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
