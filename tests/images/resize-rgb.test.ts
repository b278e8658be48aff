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
