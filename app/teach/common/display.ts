/**
 * Turning numbers into pixels for display. Signed maps keep zero black, positives white and
 * negatives in a warm colour, so a negative response is never mistaken for a dark pixel.
 */
import type { Plane } from './image.js';
import { maxAbs } from './image.js';

/** The colour a fully negative value gets (scaled towards black as it nears zero). */
export const negativeColor = [255, 128, 32] as const;

function target(
  length: number,
  out?: Uint8ClampedArray<ArrayBuffer>,
): Uint8ClampedArray<ArrayBuffer> {
  return out?.length === length ? out : new Uint8ClampedArray(length);
}

/** Signed display, scaled by `scale` (the largest |value| unless given). */
export function signedToRgba(
  plane: Plane,
  scale = maxAbs(plane),
  out?: Uint8ClampedArray<ArrayBuffer>,
): Uint8ClampedArray<ArrayBuffer> {
  const data = target(plane.data.length * 4, out);
  const factor = scale > 0 ? 1 / scale : 0;
  const [nr, ng, nb] = negativeColor;
  for (let i = 0, j = 0; i < plane.data.length; i++, j += 4) {
    const t = plane.data[i]! * factor;
    if (t >= 0) {
      const level = t * 255;
      data[j] = level;
      data[j + 1] = level;
      data[j + 2] = level;
    } else {
      data[j] = -t * nr;
      data[j + 1] = -t * ng;
      data[j + 2] = -t * nb;
    }
    data[j + 3] = 255;
  }
  return data;
}

/** Intensities 0…max as gray levels (an input channel). */
export function grayToRgba(
  plane: Plane,
  max = 255,
  out?: Uint8ClampedArray<ArrayBuffer>,
): Uint8ClampedArray<ArrayBuffer> {
  const data = target(plane.data.length * 4, out);
  const factor = max > 0 ? 255 / max : 0;
  for (let i = 0, j = 0; i < plane.data.length; i++, j += 4) {
    const level = plane.data[i]! * factor;
    data[j] = level;
    data[j + 1] = level;
    data[j + 2] = level;
    data[j + 3] = 255;
  }
  return data;
}

/**
 * Three per-channel response maps as one colour picture: each channel's |response|, scaled by the
 * largest of all three, drives that channel. The identity kernel gives back the colour image.
 */
export function compositeToRgba(
  planes: readonly [Plane, Plane, Plane],
  out?: Uint8ClampedArray<ArrayBuffer>,
): Uint8ClampedArray<ArrayBuffer> {
  const length = planes[0].data.length;
  const data = target(length * 4, out);
  const scale = Math.max(...planes.map(maxAbs));
  const factor = scale > 0 ? 255 / scale : 0;
  for (let i = 0, j = 0; i < length; i++, j += 4) {
    data[j] = Math.abs(planes[0].data[i]!) * factor;
    data[j + 1] = Math.abs(planes[1].data[i]!) * factor;
    data[j + 2] = Math.abs(planes[2].data[i]!) * factor;
    data[j + 3] = 255;
  }
  return data;
}

/** A number as the lab prints it in a matrix cell: integers plain, others to two decimals. */
export function formatCell(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}
