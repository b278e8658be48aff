import { describe, expect, it } from 'vitest';
import type { VisualFrame } from '../../app/engine/common/visuals.js';
import {
  byteToWeight,
  maxStepSnapshots,
  packFrame,
  snapshotCadence,
  unpackFrame,
  weightsToBytes,
} from '../../app/engine/common/visuals.js';

describe('visual frames', () => {
  it('scales weights symmetrically: zero is 128, the largest magnitude reaches an end', () => {
    const bytes = weightsToBytes(Float32Array.from([0, 0.5, -1, 0.25]));
    expect(Array.from(bytes)).toEqual([128, 192, 1, 160]);
    expect(byteToWeight(bytes[2]!)).toBeCloseTo(-1);
    expect(Array.from(weightsToBytes(new Float32Array(3)))).toEqual([128, 128, 128]);
  });

  it('packs a frame into one byte array and back', () => {
    const frame: VisualFrame = {
      kind: 'epoch',
      step: 40,
      epoch: 2,
      filters: [
        {
          layerIndex: 0,
          filters: 2,
          channels: 3,
          size: 1,
          isRgb: true,
          pixels: Uint8Array.from([1, 2, 3, 4, 5, 6]),
        },
      ],
      maps: [
        { layerIndex: 1, channels: 1, height: 2, width: 2, pixels: Uint8Array.from([9, 8, 7, 6]) },
      ],
    };
    const packed = packFrame(frame);
    expect(packed.bytes).toHaveLength(10);
    expect(unpackFrame(packed, { kind: 'epoch', step: 40, epoch: 2 })).toEqual(frame);
    const noMaps = packFrame({ ...frame, maps: null });
    expect(unpackFrame(noMaps, frame).maps).toBeNull();
  });

  it('keeps a run to a bounded number of periodic snapshots', () => {
    for (const steps of [1, 10, 48, 49, 1000, 123_457])
      expect(Math.floor(steps / snapshotCadence(steps))).toBeLessThanOrEqual(maxStepSnapshots);
    expect(snapshotCadence(10)).toBe(1);
  });
});
