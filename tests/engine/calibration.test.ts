import { describe, expect, it } from 'vitest';
import {
  coverageAt,
  defaultThreshold,
  fitTemperature,
  reliability,
  withTemperature,
} from '../../app/engine/common/calibration.js';

const top = (probability: number, isCorrect: boolean) => ({ probability, isCorrect });

describe('"none of these" calibration', () => {
  it('picks the lowest threshold whose kept images have half the overall error rate', () => {
    // 10 images, 4 wrong (error 40%): above 0.7 are 5 right and 1 wrong (error 1/6 ≤ 20%).
    const tops = [
      top(0.95, true),
      top(0.9, true),
      top(0.85, true),
      top(0.8, true),
      top(0.75, true),
      top(0.7, false),
      top(0.65, false),
      top(0.6, true),
      top(0.55, false),
      top(0.5, false),
    ];
    expect(defaultThreshold(tops)).toBe(0.7);
    expect(coverageAt(tops, 0.7)).toEqual({
      threshold: 0.7,
      kept: 6,
      total: 10,
      share: 0.6,
      accuracy: 5 / 6,
    });
    expect(defaultThreshold([top(0.6, true), top(0.9, true)])).toBe(0);
    expect(defaultThreshold([])).toBe(0);
  });

  it('bins every image once in the reliability diagram (1.0 in the last bin)', () => {
    const bins = reliability([top(1, true), top(0.05, false), top(0.55, true), top(0.58, false)]);
    expect(bins).toHaveLength(10);
    expect(bins.map((bin) => bin.count)).toEqual([1, 0, 0, 0, 0, 2, 0, 0, 0, 1]);
    expect(bins[5]).toMatchObject({ accuracy: 0.5, confidence: (0.55 + 0.58) / 2 });
    expect(bins[1]).toMatchObject({ accuracy: null, confidence: null });
  });

  it('fits a temperature above 1 for an overconfident model and keeps rows normalized', () => {
    // Always 95% sure, right only 60% of the time.
    const labels = Array.from({ length: 50 }, (_, i) => (i % 5 < 3 ? 0 : 1));
    const probabilities = Float32Array.from(labels.flatMap(() => [0.95, 0.05]));
    const temperature = fitTemperature(probabilities, labels, 2);
    expect(temperature).toBeGreaterThan(1);
    const scaled = withTemperature([0.95, 0.05], temperature);
    expect(scaled[0]).toBeCloseTo(0.6, 2);
    expect(scaled[0]! + scaled[1]!).toBeCloseTo(1, 10);
    expect(withTemperature([0.2, 0.8], 1)).toEqual([0.2, 0.8]);
  });
});
