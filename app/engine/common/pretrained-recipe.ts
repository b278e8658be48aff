/**
 * A pretrained run's recipe with its defaults filled in and its values checked: what a run is
 * stored with (so the app can show and compare it) and what the engine trains from. The checks
 * name the field, what was expected and what came, since the values come from the CLI and the app.
 */
import type { Backbone, PretrainedRecipe } from './backbones.js';

/** The recipe as a run keeps it: every field set. */
export interface ResolvedRecipe {
  readonly backbone: string;
  readonly layers: readonly string[];
  readonly hidden: number;
  readonly dropout: number;
  readonly weightDecay: number;
  readonly flip: boolean;
  readonly fineTune: number;
}

/**
 * The defaults, chosen on the pets photos (see the heads measurements in head-run.ts): a linear
 * head on the default layers with no augmentation scored as well as any MLP or flip variant.
 */
export const defaultRecipe: Omit<ResolvedRecipe, 'backbone' | 'layers'> = {
  hidden: 0,
  dropout: 0,
  weightDecay: 0,
  flip: false,
  fineTune: 0,
};

export const recipeLimits = {
  maxHidden: 4096,
  maxDropout: 0.9,
  maxWeightDecay: 1,
  /** MobileNetV2's blocks 11–16: those nsfwjs retrained, and more than a step can afford. */
  maxFineTune: 6,
} as const;

/** What is wrong with a recipe on this backbone; empty when nothing is. */
export function recipeIssues(recipe: PretrainedRecipe, backbone: Backbone): string[] {
  const issues: string[] = [];
  const { maxHidden, maxDropout, maxWeightDecay, maxFineTune } = recipeLimits;
  if (recipe.layers !== undefined) issues.push(...layerIssues(recipe.layers, backbone));
  const hidden = recipe.hidden;
  if (hidden !== undefined && !(Number.isInteger(hidden) && hidden >= 0 && hidden <= maxHidden))
    issues.push(`hidden must be a whole number from 0 to ${maxHidden} (got ${String(hidden)})`);
  const dropout = recipe.dropout;
  if (dropout !== undefined && !(Number.isFinite(dropout) && dropout >= 0 && dropout <= maxDropout))
    issues.push(`dropout must be from 0 to ${maxDropout} (got ${String(dropout)})`);
  if (dropout !== undefined && dropout > 0 && !((recipe.hidden ?? 0) > 0))
    issues.push('dropout needs a hidden layer (hidden > 0): a linear head has none to drop');
  const decay = recipe.weightDecay;
  if (decay !== undefined && !(Number.isFinite(decay) && decay >= 0 && decay <= maxWeightDecay))
    issues.push(`weight decay must be from 0 to ${maxWeightDecay} (got ${String(decay)})`);
  if (recipe.flip !== undefined && typeof recipe.flip !== 'boolean')
    issues.push(`flip must be true or false (got ${String(recipe.flip)})`);
  const fineTune = recipe.fineTune;
  if (
    fineTune !== undefined &&
    !(Number.isInteger(fineTune) && fineTune >= 0 && fineTune <= maxFineTune)
  )
    issues.push(
      `fine-tune must be a whole number of blocks from 0 to ${maxFineTune} (got ${String(fineTune)})`,
    );
  if (recipe.flip === true && (fineTune ?? 0) > 0)
    issues.push('flip and fine-tune cannot go together yet: fine-tuning trains on plain images');
  return issues;
}

function layerIssues(layers: readonly string[], backbone: Backbone): string[] {
  const offered = backbone.layers.map((layer) => layer.name);
  if (layers.length === 0) return ['layers must name at least one layer'];
  const unknown = layers.filter((name) => !offered.includes(name));
  const issues: string[] = [];
  if (unknown.length > 0)
    issues.push(
      `${backbone.name} offers no layer ${unknown.join(', ')}; choose from ${offered.join(', ')}`,
    );
  if (new Set(layers).size !== layers.length) issues.push('layers must not repeat a layer');
  return issues;
}

/** The recipe with defaults filled in; the caller has checked it with `recipeIssues`. */
export function resolveRecipe(recipe: PretrainedRecipe, backbone: Backbone): ResolvedRecipe {
  return {
    backbone: backbone.id,
    layers: recipe.layers ?? backbone.defaultLayers,
    hidden: recipe.hidden ?? defaultRecipe.hidden,
    dropout: recipe.dropout ?? defaultRecipe.dropout,
    weightDecay: recipe.weightDecay ?? defaultRecipe.weightDecay,
    flip: recipe.flip ?? defaultRecipe.flip,
    fineTune: recipe.fineTune ?? defaultRecipe.fineTune,
  };
}
