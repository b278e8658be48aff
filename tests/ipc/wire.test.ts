import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../app/ipc/common/wire.js';

describe('wire frames', () => {
  it('round-trips JSON with binary payloads as binary, not arrays', () => {
    const pixels = new Uint8Array([0, 127, 255]);
    const weights = new Float32Array([0.5, -1.25]);
    const raw = new Uint8Array([9, 8, 7]).buffer;
    const frame = encodeFrame({ id: 7, value: { pixels, nested: [weights, raw], text: 'é' } });
    expect(new TextDecoder().decode(frame)).not.toContain('127,255');
    const decoded = decodeFrame(frame) as {
      id: number;
      value: { pixels: Uint8Array; nested: [Float32Array, ArrayBuffer]; text: string };
    };
    expect(decoded.id).toBe(7);
    expect(decoded.value.pixels).toBeInstanceOf(Uint8Array);
    expect([...decoded.value.pixels]).toEqual([0, 127, 255]);
    expect([...decoded.value.nested[0]]).toEqual([0.5, -1.25]);
    expect([...new Uint8Array(decoded.value.nested[1])]).toEqual([9, 8, 7]);
    expect(decoded.value.text).toBe('é');
  });

  it('keeps the view of a typed array that is a window into a larger buffer', () => {
    const big = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const decoded = decodeFrame(encodeFrame({ part: big.subarray(2, 4) })) as { part: Uint8Array };
    expect([...decoded.part]).toEqual([3, 4]);
  });

  it('rejects truncated and inconsistent frames', () => {
    const frame = encodeFrame({ data: new Uint8Array(16) });
    expect(() => decodeFrame(frame.subarray(0, 2))).toThrow(/too short/);
    expect(() => decodeFrame(frame.subarray(0, frame.length - 3))).toThrow(/overruns/);
    const lying = new Uint8Array(8);
    new DataView(lying.buffer).setUint32(0, 1000, true);
    expect(() => decodeFrame(lying)).toThrow(/header overruns/);
  });
});
