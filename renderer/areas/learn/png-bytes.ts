import type { RgbaImage } from '../../../app/teach/common/image.js';

/** An RGBA image as the bytes of a PNG file, to send where an image file is expected. */
export async function encodePng(image: RgbaImage): Promise<Uint8Array<ArrayBuffer>> {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw into a canvas.');
  context.putImageData(new ImageData(image.data, image.width, image.height), 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('This browser cannot encode the image as PNG.');
  return new Uint8Array(await blob.arrayBuffer());
}

/** Map `index` of a layer's maps (count × side × side, 0–255) as a gray RGBA image. */
export function grayMap(pixels: Uint8Array, side: number, index: number): RgbaImage {
  const data = new Uint8ClampedArray(side * side * 4);
  const offset = index * side * side;
  for (let at = 0; at < side * side; at++) {
    const value = pixels[offset + at] ?? 0;
    data[at * 4] = value;
    data[at * 4 + 1] = value;
    data[at * 4 + 2] = value;
    data[at * 4 + 3] = 255;
  }
  return { width: side, height: side, data };
}
