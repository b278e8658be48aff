import { describe, expect, it } from 'vitest';
import { parseTrainArguments } from '../../app/cli/node/train-command.js';

const base = {
  dataset: 'pets',
  preset: undefined,
  epochs: undefined,
  size: undefined,
  resume: undefined,
  isJson: false,
};

describe('fovea train --fit', () => {
  it('puts the fit into the recipe, and leaves it out when not given', () => {
    expect(parseTrainArguments({ ...base, fit: 'crop', epochs: '3' })).toMatchObject({
      kind: 'new',
      config: { epochs: 3, fit: 'crop' },
    });
    expect(parseTrainArguments(base)).toMatchObject({ kind: 'new', config: {} });
  });

  it('refuses an unknown fit and a fit with --resume', () => {
    expect(() => parseTrainArguments({ ...base, fit: 'fill' })).toThrow(/squash, crop or pad/);
    expect(() =>
      parseTrainArguments({ ...base, dataset: undefined, resume: '3', fit: 'pad' }),
    ).toThrow(/--resume/);
  });
});
