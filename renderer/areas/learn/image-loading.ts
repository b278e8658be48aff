/**
 * Decoding a photo a person drops or opens, scaled so its longer side is at most 256 pixels: large
 * enough to see edges, small enough that every kernel edit redraws at once.
 */
import type { RgbaImage } from '../../../app/teach/common/image.js';

export const maximumSide = 256;

export async function loadImageFile(file: Blob): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(file);
  try {
    return rasterize(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/** Draws any image source into RGBA pixels at most `maximumSide` on the longer side. */
export function rasterize(source: CanvasImageSource, width: number, height: number): RgbaImage {
  const scale = Math.min(1, maximumSide / Math.max(width, height));
  const targetWidth = Math.max(1, Math.round(width * scale));
  const targetHeight = Math.max(1, Math.round(height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = targetWidth;
  canvas.height = targetHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot draw into a canvas.');
  context.drawImage(source, 0, 0, targetWidth, targetHeight);
  return context.getImageData(0, 0, targetWidth, targetHeight);
}

/** Fits an image (e.g. one the dataset seam hands over) to the lab's size limit. */
export function fitImage(image: RgbaImage): RgbaImage {
  if (Math.max(image.width, image.height) <= maximumSide) return image;
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')?.putImageData(new ImageData(image.data, image.width, image.height), 0, 0);
  return rasterize(canvas, image.width, image.height);
}
