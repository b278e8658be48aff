/**
 * Flattening: the last feature maps laid out as the one vector a dense layer receives. The order
 * is TensorFlow's channels-last: for each row, for each column, every channel in turn.
 */
import { FoveaError } from '../../base/common/errors.js';
import type { Plane } from './image.js';

export interface FlatPosition {
  readonly channel: number;
  readonly x: number;
  readonly y: number;
}

export function flatten(planes: readonly Plane[]): Float32Array {
  const first = planes[0];
  if (!first) return new Float32Array(0);
  const { width, height } = first;
  if (planes.some((plane) => plane.width !== width || plane.height !== height)) {
    throw new FoveaError('invalid_argument', 'All maps flattened together must have one size.');
  }
  const channels = planes.length;
  const vector = new Float32Array(width * height * channels);
  planes.forEach((plane, channel) => {
    for (let i = 0; i < plane.data.length; i++) vector[i * channels + channel] = plane.data[i]!;
  });
  return vector;
}

/** Where a map cell lands in the flat vector. */
export function flatIndex(position: FlatPosition, width: number, channels: number): number {
  return (position.y * width + position.x) * channels + position.channel;
}

/** Which map cell a flat vector entry came from. */
export function flatPosition(index: number, width: number, channels: number): FlatPosition {
  const cell = Math.floor(index / channels);
  return { channel: index % channels, x: cell % width, y: Math.floor(cell / width) };
}
