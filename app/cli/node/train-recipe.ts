/**
 * The pretrained recipe's flags of `fovea train --from NAME`: parsed into a `PretrainedRecipe`
 * and checked with the same `recipeIssues` the service applies, so a bad value is refused before
 * the library is opened, with the flag's name in the message.
 */
import type { Backbone, PretrainedRecipe } from '../../engine/common/backbones.js';
import { recipeIssues } from '../../engine/common/pretrained-recipe.js';
import { UsageError } from './cli-io.js';

export const recipeUsage =
  '[--layers a,b] [--hidden N] [--dropout x] [--weight-decay x] [--flip] [--fine-tune N]';

export interface RecipeArguments {
  readonly layers?: string | undefined;
  readonly hidden?: string | undefined;
  readonly dropout?: string | undefined;
  readonly weightDecay?: string | undefined;
  readonly flip?: boolean | undefined;
  readonly fineTune?: string | undefined;
}

/** The flags given, by their names on the command line. */
export function givenRecipeFlags(args: RecipeArguments): string[] {
  const flags: [string, unknown][] = [
    ['--layers', args.layers],
    ['--hidden', args.hidden],
    ['--dropout', args.dropout],
    ['--weight-decay', args.weightDecay],
    ['--flip', args.flip === true ? true : undefined],
    ['--fine-tune', args.fineTune],
  ];
  return flags.filter(([, value]) => value !== undefined).map(([flag]) => flag);
}

/** The recipe the flags ask for on this backbone; throws a UsageError naming a bad flag. */
export function parseRecipe(args: RecipeArguments, backbone: Backbone): PretrainedRecipe {
  const recipe: PretrainedRecipe = {
    ...(args.layers !== undefined ? { layers: parseLayers(args.layers) } : {}),
    ...(args.hidden !== undefined ? { hidden: wholeNumber('--hidden', args.hidden) } : {}),
    ...(args.dropout !== undefined ? { dropout: decimal('--dropout', args.dropout) } : {}),
    ...(args.weightDecay !== undefined
      ? { weightDecay: decimal('--weight-decay', args.weightDecay) }
      : {}),
    ...(args.flip === true ? { flip: true } : {}),
    ...(args.fineTune !== undefined ? { fineTune: wholeNumber('--fine-tune', args.fineTune) } : {}),
  };
  const issues = recipeIssues(recipe, backbone);
  if (issues.length > 0) throw new UsageError(`The recipe is refused: ${issues.join('; ')}.`);
  return recipe;
}

function parseLayers(value: string): string[] {
  const layers = value.split(',').map((name) => name.trim());
  if (layers.some((name) => name === ''))
    throw new UsageError(`--layers takes layer names separated by commas, not "${value}".`);
  return layers;
}

function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`${flag} must be a whole number, not "${value}".`);
  return Number(value);
}

function decimal(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number))
    throw new UsageError(`${flag} must be a number, not "${value}".`);
  return number;
}
