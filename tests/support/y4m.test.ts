import { describe, expect, it } from 'vitest';
import { rgbToI420, y4mBytes } from './y4m.js';

const solid = (r: number, g: number, b: number, pixels: number) =>
  Uint8Array.from({ length: pixels * 3 }, (_, i) => [r, g, b][i % 3]!);

describe('y4m writer', () => {
  it('converts colours with the full-range BT.601 matrix', () => {
    expect([...rgbToI420(solid(255, 255, 255, 4), 2, 2)]).toEqual([255, 255, 255, 255, 128, 128]);
    const red = rgbToI420(solid(255, 0, 0, 4), 2, 2);
    expect([red[0], red[4], red[5]]).toEqual([76, 85, 255]);
  });

  it('averages chroma over 2×2 blocks', () => {
    // Left column black, right column white: one block, mean grey, no colour.
    const rgb = Uint8Array.from([0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255]);
    expect([...rgbToI420(rgb, 2, 2)]).toEqual([0, 255, 0, 255, 128, 128]);
  });

  it('writes the header and one FRAME marker and I420 planes per frame', () => {
    const frames = [{ rgb: solid(0, 0, 0, 16) }, { rgb: solid(255, 255, 255, 16) }];
    const bytes = y4mBytes(frames, 4, 4, 10);
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text.startsWith('YUV4MPEG2 W4 H4 F10:1 Ip A1:1 C420jpeg\nFRAME\n')).toBe(true);
    const header = 'YUV4MPEG2 W4 H4 F10:1 Ip A1:1 C420jpeg\n'.length;
    expect(bytes.length).toBe(header + 2 * ('FRAME\n'.length + 16 + 4 + 4));
  });

  it('refuses odd sizes and wrong lengths', () => {
    expect(() => rgbToI420(solid(0, 0, 0, 9), 3, 3)).toThrow(/even/);
    expect(() => rgbToI420(solid(0, 0, 0, 3), 2, 2)).toThrow(/12 RGB bytes/);
  });
});
