import type { RgbaImage } from '../../../app/teach/common/image.js';

/** size×size RGB bytes (a training tensor) as an opaque RGBA image for a canvas. */
export function rgbaOf(rgb: Uint8Array, size: number): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let pixel = 0; pixel < size * size; pixel++) {
    data[pixel * 4] = rgb[pixel * 3] ?? 0;
    data[pixel * 4 + 1] = rgb[pixel * 3 + 1] ?? 0;
    data[pixel * 4 + 2] = rgb[pixel * 3 + 2] ?? 0;
    data[pixel * 4 + 3] = 255;
  }
  return { width: size, height: size, data };
}
