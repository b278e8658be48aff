/**
 * The rules of the number fields people type into (the recipe and a layer's one number), checked
 * on each keystroke so the message stands at the field and Start says why it is disabled. They
 * agree with the contract's schemas (app/engine/common/schemas.ts), so what passes here passes there.
 */
import { recipeLimits } from '../../../app/engine/common/pretrained-recipe.js';

export interface FieldRule {
  readonly minimum: number;
  readonly maximum: number;
  /** The minimum itself is refused (a learning rate of 0 trains nothing). */
  readonly isMinimumExcluded?: boolean;
  readonly isWhole?: boolean;
}

export type FieldIssue =
  | { readonly kind: 'required' }
  | { readonly kind: 'number' }
  | { readonly kind: 'whole' }
  | { readonly kind: 'min' | 'above' | 'max'; readonly limit: number };

export const recipeRules = {
  epochs: { minimum: 1, maximum: 10_000, isWhole: true },
  batchSize: { minimum: 1, maximum: 4096, isWhole: true },
  learningRate: { minimum: 0, maximum: 10, isMinimumExcluded: true },
  patience: { minimum: 0, maximum: 10_000, isWhole: true },
  shift: { minimum: 0, maximum: 0.5 },
  rotation: { minimum: 0, maximum: 180 },
  zoom: { minimum: 0, maximum: 0.5 },
  brightness: { minimum: 0, maximum: 1 },
  contrast: { minimum: 0, maximum: 1 },
} as const satisfies Record<string, FieldRule>;

/** The head's recipe on a pretrained backbone; limits from the service's own checks. */
export const pretrainedRules = {
  hidden: { minimum: 0, maximum: recipeLimits.maxHidden, isWhole: true },
  dropout: { minimum: 0, maximum: recipeLimits.maxDropout },
  weightDecay: { minimum: 0, maximum: recipeLimits.maxWeightDecay },
  fineTune: { minimum: 0, maximum: recipeLimits.maxFineTune, isWhole: true },
  headEpochs: recipeRules.epochs,
} as const satisfies Record<string, FieldRule>;

export const layerRules = {
  filters: { minimum: 1, maximum: 100_000, isWhole: true },
  units: { minimum: 1, maximum: 100_000, isWhole: true },
  poolSize: { minimum: 1, maximum: 100_000, isWhole: true },
  rate: { minimum: 0, maximum: 0.99 },
} as const satisfies Record<string, FieldRule>;

/** The value typed, or what is wrong with it. An empty field is required, not too small. */
export function checkField(
  text: string,
  rule: FieldRule,
): { value: number; issue: null } | { value: null; issue: FieldIssue } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null, issue: { kind: 'required' } };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { value: null, issue: { kind: 'number' } };
  if (rule.isWhole === true && !Number.isInteger(value))
    return { value: null, issue: { kind: 'whole' } };
  if (rule.isMinimumExcluded === true && value <= rule.minimum)
    return { value: null, issue: { kind: 'above', limit: rule.minimum } };
  if (value < rule.minimum) return { value: null, issue: { kind: 'min', limit: rule.minimum } };
  if (value > rule.maximum) return { value: null, issue: { kind: 'max', limit: rule.maximum } };
  return { value, issue: null };
}
