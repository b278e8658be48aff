/**
 * A tiny YUV4MPEG2 writer, for Chromium's fake camera (`--use-file-for-fake-video-capture`): a
 * text header, then per frame `FRAME\n` and the raw I420 planes (Y full size, then U and V at half
 * width and height). Colours are converted with the full-range BT.601 matrix of JPEG (`C420jpeg`).
 */
import { writeFile } from 'node:fs/promises';

export interface RgbFrame {
  /** width × height × 3 bytes, row by row. */
  readonly rgb: Uint8Array;
}

const clamp = (value: number): number => Math.min(255, Math.max(0, Math.round(value)));

/** One RGB frame as I420 planes (width and height even). */
export function rgbToI420(rgb: Uint8Array, width: number, height: number): Uint8Array {
  if (width % 2 !== 0 || height % 2 !== 0)
    throw new RangeError(`I420 needs an even width and height, not ${width}×${height}.`);
  if (rgb.length !== width * height * 3)
    throw new RangeError(`Expected ${width * height * 3} RGB bytes, got ${rgb.length}.`);
  const lumaSize = width * height;
  const chromaWidth = width / 2;
  const out = new Uint8Array(lumaSize + 2 * (lumaSize / 4));
  const uPlane = lumaSize;
  const vPlane = lumaSize + lumaSize / 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      out[y * width + x] = clamp(0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!);
    }
  }
  // Chroma: the mean colour of each 2×2 block.
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((y + dy) * width + x + dx) * 3;
        r += rgb[i]!;
        g += rgb[i + 1]!;
        b += rgb[i + 2]!;
      }
      [r, g, b] = [r / 4, g / 4, b / 4];
      const c = (y / 2) * chromaWidth + x / 2;
      out[uPlane + c] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      out[vPlane + c] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return out;
}

/** The whole file: header and frames. */
export function y4mBytes(
  frames: readonly RgbFrame[],
  width: number,
  height: number,
  framesPerSecond: number,
): Uint8Array {
  const header = new TextEncoder().encode(
    `YUV4MPEG2 W${width} H${height} F${framesPerSecond}:1 Ip A1:1 C420jpeg\n`,
  );
  const marker = new TextEncoder().encode('FRAME\n');
  const planes = frames.map((frame) => rgbToI420(frame.rgb, width, height));
  const total = header.length + planes.reduce((sum, p) => sum + marker.length + p.length, 0);
  const out = new Uint8Array(total);
  out.set(header, 0);
  let offset = header.length;
  for (const plane of planes) {
    out.set(marker, offset);
    out.set(plane, offset + marker.length);
    offset += marker.length + plane.length;
  }
  return out;
}

export async function writeY4m(
  path: string,
  frames: readonly RgbFrame[],
  width: number,
  height: number,
  framesPerSecond: number,
): Promise<void> {
  await writeFile(path, y4mBytes(frames, width, height, framesPerSecond));
}
