/** Small images made on the fly for the image tests, so no binary fixture is checked in. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { Sharp } from 'sharp';

export async function makeTempDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `fovea-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A solid-colour image in any sharp output format. */
export function solid(
  width: number,
  height: number,
  colour: { r: number; g: number; b: number; alpha?: number },
): Sharp {
  const channels = colour.alpha === undefined ? 3 : 4;
  return sharp({ create: { width, height, channels, background: colour } });
}

/** Left half red, right half blue: shows which way an image was turned. */
export function redLeftBlueRight(width: number, height: number): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      if (x < width / 2) pixels[at] = 255;
      else pixels[at + 2] = 255;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** A noisy JPEG (so that half of it is clearly missing pixel data when cut). */
export function noisyJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Encodes top-down RGB pixels as an uncompressed 24-bit BMP, the kind Fovea decodes itself. */
export function encodeBmp24(
  width: number,
  height: number,
  rgb: Uint8Array,
  bitsPerPixel = 24,
): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const dataOffset = 54;
  const bytes = Buffer.alloc(dataOffset + stride * height);
  bytes.write('BM', 0, 'latin1');
  bytes.writeUInt32LE(bytes.length, 2);
  bytes.writeUInt32LE(dataOffset, 10);
  bytes.writeUInt32LE(40, 14);
  bytes.writeInt32LE(width, 18);
  bytes.writeInt32LE(height, 22);
  bytes.writeUInt16LE(1, 26);
  bytes.writeUInt16LE(bitsPerPixel, 28);
  bytes.writeUInt32LE(stride * height, 34);
  for (let y = 0; y < height; y++) {
    const rowStart = dataOffset + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 3;
      bytes[rowStart + x * 3] = rgb[from + 2] ?? 0;
      bytes[rowStart + x * 3 + 1] = rgb[from + 1] ?? 0;
      bytes[rowStart + x * 3 + 2] = rgb[from] ?? 0;
    }
  }
  return bytes;
}

/** Rewrites a PNG's header to claim another size (the pixel data no longer matches). */
export function withPngSize(png: Buffer, width: number, height: number): Buffer {
  const patched = Buffer.from(png);
  patched.writeUInt32BE(width, 16);
  patched.writeUInt32BE(height, 20);
  patched.writeUInt32BE(crc32(patched.subarray(12, 29)), 29);
  return patched;
}

/** The RGB value at (x, y) of a size×size×3 tensor. */
export function pixelAt(
  tensor: Uint8Array,
  size: number,
  x: number,
  y: number,
): [number, number, number] {
  const at = (y * size + x) * 3;
  return [tensor[at] ?? -1, tensor[at + 1] ?? -1, tensor[at + 2] ?? -1];
}
