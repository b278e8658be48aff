/**
 * The two shapes every teaching function works on: an RGBA image as a browser's ImageData holds
 * it, and a single-channel plane of float values (an input channel or a feature map).
 */
import { FoveaError } from '../../base/common/errors.js';

/** Structurally the same as the DOM's ImageData, so either can be passed. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}

/** One channel, row-major: the value at (x, y) is `data[y * width + x]`. */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export type ColorChannel = 0 | 1 | 2;

export function createPlane(width: number, height: number, data?: Float32Array): Plane {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new FoveaError(
      'invalid_argument',
      `A plane needs a positive integer width and height; got ${width}×${height}.`,
    );
  }
  if (data && data.length !== width * height) {
    throw new FoveaError(
      'invalid_argument',
      `A ${width}×${height} plane holds ${width * height} values; got ${data.length}.`,
    );
  }
  return { width, height, data: data ?? new Float32Array(width * height) };
}

/** Builds a plane from rows of numbers, as matrices are written in a textbook. */
export function planeFromRows(rows: readonly (readonly number[])[]): Plane {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const data = new Float32Array(width * height);
  rows.forEach((row, y) => {
    if (row.length !== width) {
      throw new FoveaError(
        'invalid_argument',
        `Every row needs ${width} values; row ${y} has ${row.length}.`,
      );
    }
    data.set(row, y * width);
  });
  return createPlane(width, height, data);
}

export function planeToRows(plane: Plane): number[][] {
  const rows: number[][] = [];
  for (let y = 0; y < plane.height; y++) {
    rows.push(Array.from(plane.data.subarray(y * plane.width, (y + 1) * plane.width)));
  }
  return rows;
}

export function valueAt(plane: Plane, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= plane.width || y >= plane.height) return 0;
  return plane.data[y * plane.width + x] ?? 0;
}

/** Luma (ITU-R BT.601 weights) on the 0–255 scale, the grayscale most photo tools show. */
export function grayscale(image: RgbaImage, out?: Float32Array): Plane {
  const count = image.width * image.height;
  const data = out ?? new Float32Array(count);
  const source = image.data;
  for (let i = 0, j = 0; i < count; i++, j += 4) {
    data[i] = 0.299 * source[j]! + 0.587 * source[j + 1]! + 0.114 * source[j + 2]!;
  }
  return createPlane(image.width, image.height, data);
}

/** One colour channel (0 red, 1 green, 2 blue) on the 0–255 scale. */
export function colorChannel(image: RgbaImage, channel: ColorChannel, out?: Float32Array): Plane {
  const count = image.width * image.height;
  const data = out ?? new Float32Array(count);
  const source = image.data;
  for (let i = 0, j = channel; i < count; i++, j += 4) data[i] = source[j]!;
  return createPlane(image.width, image.height, data);
}

export function colorChannels(image: RgbaImage): [Plane, Plane, Plane] {
  return [colorChannel(image, 0), colorChannel(image, 1), colorChannel(image, 2)];
}

/** The largest absolute value, used to scale a map for display. */
export function maxAbs(plane: Plane): number {
  let max = 0;
  for (const value of plane.data) {
    const magnitude = Math.abs(value);
    if (magnitude > max) max = magnitude;
  }
  return max;
}

/** A copy of the plane with one cell (row-major index) changed, as an editor needs. */
export function withValue(plane: Plane, index: number, value: number): Plane {
  const data = plane.data.slice();
  if (index >= 0 && index < data.length) data[index] = value;
  return createPlane(plane.width, plane.height, data);
}
