import { describe, expect, it } from 'vitest';
import { squashRgb } from '../../app/images/node/resize-rgb.js';

function filled(width: number, height: number, rgb: readonly [number, number, number]): Uint8Array {
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rgb[i % 3] ?? 0;
  return pixels;
}

describe('squashRgb', () => {
  it('keeps a flat colour flat, shrinking and enlarging, square or not', () => {
    for (const [width, height] of [
      [256, 192],
      [37, 91],
      [1, 1],
      [64, 64],
    ] as const) {
      const out = squashRgb(filled(width, height, [255, 7, 128]), width, height, 64);
      expect(out).toEqual(filled(64, 64, [255, 7, 128]));
    }
  });

  it('averages the area each output pixel covers', () => {
    // 4×2: columns 0 and 1 are 0/100, 2 and 3 are 200/255 → 2×2 averages of column pairs.
    const values = [0, 100, 200, 255];
    const pixels = new Uint8Array(4 * 2 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = values[Math.floor(i / 3) % 4] ?? 0;
    expect(Array.from(squashRgb(pixels, 4, 2, 2))).toEqual([
      50, 50, 50, 228, 228, 228, 50, 50, 50, 228, 228, 228,
    ]);
  });

  it('gives each block its mean, rounded, when shrinking by whole factors (4 × 3, 3 × 4, 1 × 2)', () => {
    for (const [width, height] of [
      [256, 192],
      [192, 256],
      [64, 128],
    ] as const) {
      let seed = width * height;
      const pixels = new Uint8Array(width * height * 3).map(() => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % 256;
      });
      const out = squashRgb(pixels, width, height, 64);
      const fx = width / 64;
      const fy = height / 64;
      let worst = 0;
      for (let y = 0; y < 64; y++) {
        for (let x = 0; x < 64; x++) {
          for (let c = 0; c < 3; c++) {
            let sum = 0;
            for (let j = 0; j < fy; j++)
              for (let i = 0; i < fx; i++)
                sum += pixels[((y * fy + j) * width + x * fx + i) * 3 + c] ?? 0;
            const mean = sum / (fx * fy);
            worst = Math.max(worst, Math.abs((out[(y * 64 + x) * 3 + c] ?? 0) - mean));
          }
        }
      }
      expect(worst).toBeLessThanOrEqual(0.5 + 1e-4);
    }
  });

  it('interpolates between pixel centres when enlarging', () => {
    const pixels = Uint8Array.from([0, 0, 0, 200, 200, 200]); // 2×1
    const row = Array.from(squashRgb(pixels, 2, 1, 4))
      .filter((_, i) => i % 3 === 0)
      .slice(0, 4);
    expect(row).toEqual([0, 50, 150, 200]);
  });

  it('rejects a buffer of the wrong length', () => {
    expect(() => squashRgb(new Uint8Array(5), 2, 1, 4)).toThrow(RangeError);
  });
});
