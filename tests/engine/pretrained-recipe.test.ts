import { describe, expect, it } from 'vitest';

import { mobileNetV2 } from '../../app/engine/common/backbones.js';
import type { PretrainedRecipe } from '../../app/engine/common/backbones.js';
import { recipeIssues, resolveRecipe } from '../../app/engine/common/pretrained-recipe.js';
import { pretrainedRecipeSchema } from '../../app/engine/common/schemas.js';

describe('a pretrained recipe', () => {
  it('fills the defaults: a linear head on the default layers, frozen, no augmentation', () => {
    expect(recipeIssues({}, mobileNetV2)).toEqual([]);
    expect(resolveRecipe({}, mobileNetV2)).toEqual({
      backbone: 'mobilenet-v2',
      layers: mobileNetV2.defaultLayers,
      hidden: 0,
      dropout: 0,
      weightDecay: 0,
      flip: false,
      fineTune: 0,
    });
  });

  it('keeps the values it is given', () => {
    const recipe: PretrainedRecipe = {
      layers: ['out_relu'],
      hidden: 128,
      dropout: 0.3,
      weightDecay: 1e-4,
      flip: true,
      fineTune: 3,
    };
    expect(recipeIssues(recipe, mobileNetV2)).toEqual([]);
    expect(resolveRecipe(recipe, mobileNetV2)).toMatchObject(recipe);
  });

  it.each<[PretrainedRecipe, string]>([
    [{ layers: [] }, 'at least one layer'],
    [{ layers: ['block_99'] }, 'offers no layer block_99; choose from block_3_expand_relu'],
    [{ layers: ['out_relu', 'out_relu'] }, 'must not repeat'],
    [{ hidden: -1 }, 'hidden must be a whole number from 0 to 4096 (got -1)'],
    [{ hidden: 1.5 }, 'hidden must be a whole number'],
    [{ hidden: 64, dropout: 0.95 }, 'dropout must be from 0 to 0.9 (got 0.95)'],
    [{ dropout: 0.5 }, 'dropout needs a hidden layer'],
    [{ weightDecay: Number.NaN }, 'weight decay must be from 0 to 1 (got NaN)'],
    [{ weightDecay: -0.1 }, 'weight decay must be from 0 to 1'],
    [{ fineTune: 7 }, 'fine-tune must be a whole number of blocks from 0 to 6 (got 7)'],
    [{ fineTune: 2.5 }, 'fine-tune must be a whole number'],
  ])('refuses %j with a message naming the field', (recipe, message) => {
    expect(recipeIssues(recipe, mobileNetV2).join('; ')).toContain(message);
  });

  it('is checked for shape at the contract', () => {
    expect(pretrainedRecipeSchema.safeParse({ hidden: 64, flip: true }).success).toBe(true);
    expect(pretrainedRecipeSchema.safeParse({ hidden: '64' }).success).toBe(false);
    expect(pretrainedRecipeSchema.safeParse({ unknown: 1 }).success).toBe(false);
  });
});
