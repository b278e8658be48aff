import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readJpegHeader } from '../../app/images/node/jpeg-header.js';
import { noisyJpeg, solid } from './fixtures.js';

/** What libvips says of the same bytes: the reference the JS reader must agree with. */
async function libvipsHeader(
  bytes: Buffer,
): Promise<{ width: number; height: number; orientation: number }> {
  const metadata = await sharp(bytes).metadata();
  return { ...metadata.autoOrient, orientation: metadata.orientation ?? 1 };
}

describe('readJpegHeader', () => {
  it('agrees with libvips on the size and every EXIF orientation', async () => {
    for (let orientation = 1; orientation <= 8; orientation++) {
      const jpeg = await solid(30, 20, { r: 9, g: 9, b: 9 })
        .withMetadata({ orientation })
        .jpeg()
        .toBuffer();
      const header = readJpegHeader(jpeg);
      expect(header).toEqual(await libvipsHeader(jpeg));
      expect(header?.width).toBe(orientation >= 5 ? 20 : 30);
    }
  });

  it('reads progressive, CMYK and grayscale JPEGs', async () => {
    const progressive = await sharp(await noisyJpeg(33, 17))
      .jpeg({ progressive: true })
      .toBuffer();
    const cmyk = await solid(12, 40, { r: 200, g: 1, b: 1 })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    const gray = await solid(41, 9, { r: 5, g: 5, b: 5 }).toColourspace('b-w').jpeg().toBuffer();
    for (const jpeg of [progressive, cmyk, gray])
      expect(readJpegHeader(jpeg)).toEqual(await libvipsHeader(jpeg));
  });

  it('leaves to libvips what is not a whole JPEG header', async () => {
    const jpeg = await noisyJpeg(20, 20);
    const png = await solid(20, 20, { r: 1, g: 2, b: 3 }).png().toBuffer();
    expect(readJpegHeader(png)).toBeUndefined();
    expect(readJpegHeader(jpeg.subarray(0, 40))).toBeUndefined();
    expect(readJpegHeader(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBeUndefined();
  });
});
