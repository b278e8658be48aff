import { describe, expect, it } from 'vitest';
import { fromFloat16, fromFloat16Into, toFloat16 } from '../../app/library/node/float16.js';

describe('float16', () => {
  it('decodes known halves exactly: one, minus two, the largest, the smallest, zeros, infinity, NaN', () => {
    const bits = Uint16Array.from([0x3c00, 0xc000, 0x7bff, 0x0001, 0x0000, 0x8000, 0x7c00, 0x7e00]);
    const values = Array.from(fromFloat16(bits));
    expect(values.slice(0, 4)).toEqual([1, -2, 65504, 2 ** -24]);
    expect(Object.is(values[4], 0)).toBe(true);
    expect(Object.is(values[5], -0)).toBe(true);
    expect(values[6]).toBe(Infinity);
    expect(values[7]).toBeNaN();
  });

  it('round-trips values within half precision, into an offset of a larger array', () => {
    const values = Float32Array.from({ length: 2000 }, (_, i) => (i - 1000) * 0.0371);
    const out = new Float32Array(values.length + 3);
    fromFloat16Into(toFloat16(values), out, 3);
    for (let i = 0; i < values.length; i++) {
      const value = values[i] ?? 0;
      expect(Math.abs((out[i + 3] ?? 0) - value)).toBeLessThanOrEqual(
        Math.abs(value) / 1024 + 1e-7,
      );
    }
  });
});
