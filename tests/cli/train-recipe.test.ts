import { describe, expect, it } from 'vitest';

import type { TrainArguments } from '../../app/cli/node/train-command.js';
import { parseTrainArguments } from '../../app/cli/node/train-command.js';
import type { RecipeArguments } from '../../app/cli/node/train-recipe.js';

function parse(recipe: RecipeArguments, from: string | null = 'mobilenet-v2') {
  const args: TrainArguments = {
    dataset: 'pets',
    preset: undefined,
    epochs: undefined,
    size: undefined,
    resume: undefined,
    from: from ?? undefined,
    recipe,
    isJson: false,
  };
  return parseTrainArguments(args);
}

describe('fovea train --from with a recipe', () => {
  it('passes the recipe the flags ask for', () => {
    expect(
      parse({
        layers: 'block_13_expand_relu, out_relu',
        hidden: '128',
        dropout: '0.3',
        weightDecay: '1e-4',
        flip: true,
        fineTune: '2',
      }),
    ).toMatchObject({
      kind: 'new',
      from: 'mobilenet-v2',
      pretrained: {
        layers: ['block_13_expand_relu', 'out_relu'],
        hidden: 128,
        dropout: 0.3,
        weightDecay: 1e-4,
        flip: true,
        fineTune: 2,
      },
    });
  });

  it('leaves the recipe out when no flag is given, so the defaults apply', () => {
    expect(parse({ flip: false })).not.toHaveProperty('pretrained');
  });

  it.each<[RecipeArguments, RegExp]>([
    [{ hidden: 'many' }, /--hidden must be a whole number, not "many"/],
    [{ hidden: '-3' }, /--hidden must be a whole number, not "-3"/],
    [{ hidden: '99999' }, /hidden must be a whole number from 0 to 4096 \(got 99999\)/],
    [{ dropout: 'lots' }, /--dropout must be a number, not "lots"/],
    [{ dropout: '0.5' }, /dropout needs a hidden layer/],
    [{ hidden: '64', dropout: '0.95' }, /dropout must be from 0 to 0.9/],
    [{ weightDecay: '' }, /--weight-decay must be a number, not ""/],
    [{ weightDecay: '-1' }, /weight decay must be from 0 to 1 \(got -1\)/],
    [{ layers: 'out_relu,,' }, /--layers takes layer names separated by commas/],
    [{ layers: 'conv9' }, /offers no layer conv9; choose from/],
    [{ fineTune: '1.5' }, /--fine-tune must be a whole number, not "1.5"/],
    [{ fineTune: '12' }, /fine-tune must be a whole number of blocks from 0 to 6 \(got 12\)/],
  ])('refuses %j with a message naming the flag', (recipe, message) => {
    expect(() => parse(recipe)).toThrow(message);
  });

  it('refuses recipe flags without --from, and beside --resume', () => {
    expect(() => parse({ hidden: '64', flip: true }, null)).toThrow(
      /--hidden, --flip shape a pretrained run; add --from mobilenet-v2/,
    );
    expect(() =>
      parseTrainArguments({
        dataset: undefined,
        preset: undefined,
        epochs: undefined,
        size: undefined,
        resume: '3',
        recipe: { fineTune: '2' },
        isJson: false,
      }),
    ).toThrow(/leave out --dataset, --preset, --epochs and the --from recipe/);
  });
});
