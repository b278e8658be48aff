import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fitRgb } from '../../app/images/node/fit-rgb.js';
import { decodeImage } from '../../app/images/node/process-image.js';
import { squashRgb } from '../../app/images/node/resize-rgb.js';

/** A width×height image: left third red, middle green, right third blue (columns). */
function thirds(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rgb[(y * width + x) * 3 + Math.floor((x * 3) / width)] = 255;
  return rgb;
}

function pixel(rgb: Uint8Array, size: number, x: number, y: number): number[] {
  const at = (y * size + x) * 3;
  return [rgb[at]!, rgb[at + 1]!, rgb[at + 2]!];
}

describe('fitRgb', () => {
  it('squash is the import’s squash', () => {
    const rgb = thirds(90, 30);
    expect(fitRgb(rgb, 90, 30, 12, 'squash')).toEqual(squashRgb(rgb, 90, 30, 12));
  });

  it('crop keeps only the centre square: a 3:1 strip becomes its green middle', () => {
    const out = fitRgb(thirds(90, 30), 90, 30, 12, 'crop');
    for (const [x, y] of [
      [0, 0],
      [11, 11],
      [6, 3],
    ] as const)
      expect(pixel(out, 12, x, y)).toEqual([0, 255, 0]);
  });

  it('pad keeps the whole strip, unstretched, between black bars', () => {
    const out = fitRgb(thirds(90, 30), 90, 30, 12, 'pad');
    // 12×4 strip at rows 4..7.
    expect(pixel(out, 12, 0, 0)).toEqual([0, 0, 0]);
    expect(pixel(out, 12, 6, 3)).toEqual([0, 0, 0]);
    expect(pixel(out, 12, 0, 5)).toEqual([255, 0, 0]);
    expect(pixel(out, 12, 6, 5)).toEqual([0, 255, 0]);
    expect(pixel(out, 12, 11, 6)).toEqual([0, 0, 255]);
    expect(pixel(out, 12, 6, 8)).toEqual([0, 0, 0]);
  });

  it('decodeImage fits as asked and squashes by default', async () => {
    const png = await sharp(Buffer.from(thirds(90, 30)), {
      raw: { width: 90, height: 30, channels: 3 },
    })
      .png()
      .toBuffer();
    const squashed = await decodeImage(png, { tensorSize: 12 });
    const cropped = await decodeImage(png, { tensorSize: 12, fit: 'crop' });
    const padded = await decodeImage(png, { tensorSize: 12, fit: 'pad' });
    expect(pixel(squashed.tensor, 12, 0, 0)).toEqual([255, 0, 0]);
    expect(pixel(cropped.tensor, 12, 0, 0)).toEqual([0, 255, 0]);
    expect(pixel(padded.tensor, 12, 0, 0)).toEqual([0, 0, 0]);
    expect(pixel(padded.tensor, 12, 0, 5)).toEqual([255, 0, 0]);
  });
});
