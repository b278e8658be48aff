import { describe, expect, it } from 'vitest';
import {
  activate,
  activationIds,
  activationRange,
  countSigns,
  relu,
} from '../../app/teach/common/activation.js';
import { planeFromRows } from '../../app/teach/common/image.js';

describe('activations', () => {
  const map = planeFromRows([[-510, -255, 0, 255, 510]]);

  it('ReLU is max(0, x), the same through activate', () => {
    expect(Array.from(activate(map, 'relu').data)).toEqual([0, 0, 0, 255, 510]);
    expect(activate(map, 'relu').data).toEqual(relu(map).data);
  });

  it('sigmoid is 1 / (1 + e^−x) and tanh is tanh(x), on the map read as 0–1', () => {
    const sigmoid = Array.from(activate(map, 'sigmoid', 1 / 255).data);
    const tanh = Array.from(activate(map, 'tanh', 1 / 255).data);
    [-2, -1, 0, 1, 2].forEach((x, i) => {
      expect(sigmoid[i]).toBeCloseTo(1 / (1 + Math.exp(-x)), 6);
      expect(tanh[i]).toBeCloseTo((Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x)), 6);
    });
  });

  it('keeps each output inside its range; sigmoid and tanh never give a negative zero count', () => {
    for (const id of activationIds) {
      const { low, high } = activationRange(id);
      for (const value of activate(map, id, 1 / 255).data) {
        expect(value).toBeGreaterThanOrEqual(low);
        expect(value).toBeLessThanOrEqual(high);
      }
    }
    expect(countSigns(activate(map, 'sigmoid', 1 / 255)).negative).toBe(0);
  });
});
