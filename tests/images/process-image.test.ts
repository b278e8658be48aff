import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FoveaError } from '../../app/base/common/errors.js';
import { BadImageError } from '../../app/images/node/bad-image.js';
import type { BadImageKind } from '../../app/images/node/bad-image.js';
import {
  decodeImage,
  imageLimits,
  processImage,
  readImageFile,
} from '../../app/images/node/process-image.js';
import {
  encodeBmp24,
  makeTempDir,
  noisyJpeg,
  pixelAt,
  redLeftBlueRight,
  solid,
  withPngSize,
} from './fixtures.js';

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ dir, remove } = await makeTempDir('process'));
});
afterAll(async () => {
  await remove();
});

async function refusal(bytes: Buffer): Promise<BadImageError> {
  const error: unknown = await decodeImage(bytes).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BadImageError);
  const refused = error as BadImageError;
  expect(refused.code).toBe('bad_image');
  return refused;
}

async function expectRefused(bytes: Buffer, kind: BadImageKind, message: RegExp): Promise<void> {
  const error = await refusal(bytes);
  expect(error.kind).toBe(kind);
  expect(error.message).toMatch(message);
}

function expectNear(actual: readonly number[], expected: readonly number[], tolerance = 12): void {
  actual.forEach((value, i) =>
    expect(Math.abs(value - (expected[i] ?? 0))).toBeLessThanOrEqual(tolerance),
  );
}

describe('processImage', () => {
  it('returns the bytes, their SHA-256, size, format, thumbnail and tensor', async () => {
    const path = join(dir, 'photo.jpg');
    await writeFile(path, await noisyJpeg(500, 300));
    const image = await processImage(path);
    const bytes = await readFile(path);
    expect(image.bytes.equals(bytes)).toBe(true);
    expect(image.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(image).toMatchObject({ width: 500, height: 300, format: 'jpeg', tensorSize: 64 });
    expect([image.thumbnailWidth, image.thumbnailHeight]).toEqual([256, 154]);
    expect(image.tensor).toHaveLength(64 * 64 * 3);
    const thumbnail = await sharp(image.thumbnail).metadata();
    expect([thumbnail.format, thumbnail.width, thumbnail.height]).toEqual(['jpeg', 256, 154]);
  });

  it('never enlarges the thumbnail and honours the tensor size', async () => {
    const image = await decodeImage(
      await solid(40, 30, { r: 10, g: 200, b: 30 }).png().toBuffer(),
      {
        tensorSize: 32,
      },
    );
    expect([image.thumbnailWidth, image.thumbnailHeight]).toEqual([40, 30]);
    expect(image.tensor).toHaveLength(32 * 32 * 3);
    expectNear(pixelAt(image.tensor, 32, 31, 31), [10, 200, 30], 1);
  });

  it('applies the EXIF orientation', async () => {
    const jpeg = await redLeftBlueRight(40, 20).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeImage(jpeg);
    expect([image.width, image.height]).toEqual([20, 40]);
    // Orientation 6 turns the picture a quarter clockwise: the red left half ends on top.
    expectNear(pixelAt(image.tensor, 64, 32, 5), [255, 0, 0], 40);
    expectNear(pixelAt(image.tensor, 64, 32, 58), [0, 0, 255], 40);
  });

  it('flattens transparency onto white', async () => {
    const clear = await decodeImage(
      await solid(16, 16, { r: 0, g: 0, b: 0, alpha: 0 }).png().toBuffer(),
    );
    expectNear(pixelAt(clear.tensor, 64, 10, 10), [255, 255, 255], 1);
    const half = await decodeImage(
      await solid(16, 16, { r: 0, g: 0, b: 0, alpha: 0.5 }).png().toBuffer(),
    );
    expectNear(pixelAt(half.tensor, 64, 10, 10), [128, 128, 128], 3);
  });

  it('turns grayscale, 16-bit and CMYK images into RGB', async () => {
    const gray = await solid(20, 20, { r: 90, g: 90, b: 90 }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(gray).metadata()).channels).toBe(1);
    expectNear(pixelAt((await decodeImage(gray)).tensor, 64, 3, 3), [90, 90, 90], 2);

    const deep = await solid(20, 20, { r: 200, g: 20, b: 20 })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    expectNear(pixelAt((await decodeImage(deep)).tensor, 64, 3, 3), [200, 20, 20], 2);

    const cmyk = await solid(20, 20, { r: 220, g: 30, b: 30 })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const [red, green, blue] = pixelAt((await decodeImage(cmyk)).tensor, 64, 3, 3);
    expect(red).toBeGreaterThan(150);
    expect(Math.max(green, blue)).toBeLessThan(90);
  });

  it('takes the first frame of an animation', async () => {
    const frames = Buffer.alloc(16 * 32 * 3);
    frames.fill(255, 0, 16 * 16 * 3); // first frame white, second black
    const raw = { raw: { width: 16, height: 32, channels: 3 as const, pageHeight: 16 } };
    for (const animated of [
      await sharp(frames, raw).gif().toBuffer(),
      await sharp(frames, raw).webp({ lossless: true }).toBuffer(),
    ]) {
      expect((await sharp(animated).metadata()).pages).toBe(2);
      const image = await decodeImage(animated);
      expect([image.width, image.height]).toEqual([16, 16]);
      expectNear(pixelAt(image.tensor, 64, 30, 30), [255, 255, 255], 4);
    }
  });

  it('decodes uncompressed BMP itself and refuses other BMPs', async () => {
    const pixels = new Uint8Array(10 * 12 * 3);
    for (let i = 0; i < 10 * 6 * 3; i += 3) pixels[i] = 255; // top half red, bottom black
    const image = await decodeImage(encodeBmp24(10, 12, pixels));
    expect(image).toMatchObject({ format: 'bmp', width: 10, height: 12 });
    expectNear(pixelAt(image.tensor, 64, 5, 5), [255, 0, 0], 2);
    expectNear(pixelAt(image.tensor, 64, 5, 60), [0, 0, 0], 2);
    await expectRefused(encodeBmp24(10, 12, pixels, 8), 'unsupported', /8-bit.*PNG or JPEG/);
    await expectRefused(encodeBmp24(10, 12, pixels).subarray(0, 200), 'corrupt', /truncated/);
  });

  it('refuses empty, non-image, truncated and corrupt files', async () => {
    await expectRefused(Buffer.alloc(0), 'empty', /empty/);
    await expectRefused(Buffer.from('hello, I am text\n'), 'not_image', /not an image/);
    const jpeg = await noisyJpeg(200, 200);
    await expectRefused(jpeg.subarray(0, jpeg.length / 2), 'corrupt', /truncated or corrupt/);
    const png = await solid(200, 200, { r: 1, g: 2, b: 3 }).png({ compressionLevel: 0 }).toBuffer();
    await expectRefused(png.subarray(0, png.length / 2), 'corrupt', /truncated or corrupt/);
  });

  it('refuses images under the minimum size, and SVG', async () => {
    await expectRefused(
      await solid(1, 1, { r: 1, g: 2, b: 3 }).png().toBuffer(),
      'too_small',
      /1×1.*8×8/,
    );
    await expectRefused(
      await solid(40, 7, { r: 1, g: 2, b: 3 }).png().toBuffer(),
      'too_small',
      /40×7/,
    );
    await expect(
      decodeImage(await solid(8, 8, { r: 1, g: 2, b: 3 }).png().toBuffer()),
    ).resolves.toBeTruthy();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>');
    await expectRefused(svg, 'unsupported', /SVG/);
  });

  it('refuses an image over the pixel limit before decoding it', async () => {
    const side = Math.ceil(Math.sqrt(imageLimits.maxPixels)) + 1;
    const claimed = withPngSize(
      await solid(8, 8, { r: 1, g: 2, b: 3 }).png().toBuffer(),
      side,
      side,
    );
    await expectRefused(claimed, 'too_large', /too large/);
  });

  it('reads small files and files over 1 MiB (read through the pool) to the same bytes', async () => {
    for (const size of [1000, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024]) {
      const bytes = randomBytes(size);
      const path = join(dir, `file-${size}.bin`);
      await writeFile(path, bytes);
      const file = await readImageFile(path);
      expect(file.bytes.equals(bytes)).toBe(true);
      expect(file.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('says a file vanished instead of failing obscurely', async () => {
    const error: unknown = await processImage(join(dir, 'gone.jpg')).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({
      code: 'bad_image',
      kind: 'missing',
      message: expect.stringMatching(/no longer there/),
    });
  });

  it('validates its options', async () => {
    const png = await solid(8, 8, { r: 1, g: 2, b: 3 }).png().toBuffer();
    await expect(decodeImage(png, { tensorSize: 0 })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(decodeImage(png, { tensorSize: 0 })).rejects.toBeInstanceOf(FoveaError);
  });
});
