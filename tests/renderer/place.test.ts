import { describe, expect, it } from 'vitest';
import { formatPlace, parsePlace } from '../../renderer/shell/place.js';

describe('the place in the URL hash', () => {
  it('reads the area, dataset and run, and writes them back the same', () => {
    const place = parsePlace('#/train/3/12');
    expect(place).toEqual({ area: 'train', datasetId: 3, runId: 12 });
    expect(formatPlace(place)).toBe('#/train/3/12');
    expect(formatPlace({ area: 'evaluate', datasetId: 2, runId: null })).toBe('#/evaluate/2');
    expect(formatPlace({ area: 'learn', datasetId: null, runId: 4 })).toBe('#/learn');
  });

  it('falls back to the Datasets area on anything it cannot read', () => {
    expect(parsePlace('')).toEqual({ area: 'datasets', datasetId: null, runId: null });
    expect(parsePlace('#/nowhere/x/1')).toEqual({ area: 'datasets', datasetId: null, runId: null });
    expect(parsePlace('#/train/0/5')).toEqual({ area: 'train', datasetId: null, runId: null });
  });
});
