/**
 * A photo's RGB pixels → the model's square input under a fit, placed exactly as
 * `fitPlacement` (images/common/fit.ts) says: the source rectangle is cut out, resized onto the
 * target rectangle with the import's resampling (resize-rgb.ts), and the rest stays black.
 */
import type { Fit } from '../common/fit.js';
import { fitPlacement } from '../common/fit.js';
import { resizeRgb } from './resize-rgb.js';

/** `rgb` (width×height×3, row-major) fitted into size×size×3. */
export function fitRgb(
  rgb: Uint8Array,
  width: number,
  height: number,
  size: number,
  fit: Fit,
): Uint8Array {
  const { source, target } = fitPlacement(width, height, size, fit);
  const cut = cropRgb(rgb, width, source);
  const resized = resizeRgb(cut, source.width, source.height, target.width, target.height);
  if (target.width === size && target.height === size) return resized;
  const square = new Uint8Array(size * size * 3);
  for (let y = 0; y < target.height; y++) {
    const from = y * target.width * 3;
    square.set(
      resized.subarray(from, from + target.width * 3),
      ((target.y + y) * size + target.x) * 3,
    );
  }
  return square;
}

function cropRgb(
  rgb: Uint8Array,
  width: number,
  rect: { x: number; y: number; width: number; height: number },
): Uint8Array {
  if (rect.x === 0 && rect.y === 0 && rect.width === width) {
    return rgb.subarray(0, rect.width * rect.height * 3);
  }
  const cut = new Uint8Array(rect.width * rect.height * 3);
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * width + rect.x) * 3;
    cut.set(rgb.subarray(from, from + rect.width * 3), y * rect.width * 3);
  }
  return cut;
}
