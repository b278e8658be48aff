import type { PresetId } from '../../../app/engine/common/presets.js';
import type { ModelSpec } from '../../../app/engine/common/spec.js';
import type { TrainingConfig } from '../../../app/engine/common/training.js';
import type { StoredStart } from './start-from.svelte.js';

/** What a person set up in the Train area for one dataset: kept across areas and reloads. */
export interface StoredRecipe {
  readonly presetId: PresetId | 'custom';
  readonly spec: ModelSpec;
  readonly config: Partial<TrainingConfig>;
  /** The start (pretrained or from scratch) and the head's settings; absent in older entries. */
  readonly start?: Partial<StoredStart>;
}

/** The part of the Web Storage API the recipe needs (tests pass a Map-backed one). */
export type RecipeStore = Pick<Storage, 'getItem' | 'setItem'>;

function isStoredRecipe(value: unknown): value is StoredRecipe {
  if (typeof value !== 'object' || value === null) return false;
  const recipe = value as Record<string, unknown>;
  const spec = recipe['spec'] as Record<string, unknown> | null | undefined;
  return (
    typeof recipe['presetId'] === 'string' &&
    typeof spec === 'object' &&
    spec !== null &&
    Array.isArray(spec['layers']) &&
    typeof recipe['config'] === 'object' &&
    recipe['config'] !== null &&
    (recipe['start'] === undefined ||
      (typeof recipe['start'] === 'object' && recipe['start'] !== null))
  );
}

/**
 * The recipe and model of each dataset in localStorage, keyed by dataset id. Storage that is
 * missing, full or holds something unreadable is treated as empty: the defaults are the fallback.
 */
export class RecipeStorage {
  readonly #store: RecipeStore | null;

  constructor(store: RecipeStore | null = globalThis.localStorage ?? null) {
    this.#store = store;
  }

  load(datasetId: number): StoredRecipe | null {
    const text = this.#store?.getItem(this.#key(datasetId));
    if (!text) return null;
    try {
      const value: unknown = JSON.parse(text);
      return isStoredRecipe(value) ? value : null;
    } catch {
      return null; // A hand-edited or truncated entry: start from the defaults.
    }
  }

  save(datasetId: number, recipe: StoredRecipe): void {
    try {
      this.#store?.setItem(this.#key(datasetId), JSON.stringify(recipe));
    } catch {
      // A full or refused storage only loses the memory of the form, never the form itself.
    }
  }

  #key(datasetId: number): string {
    return `fovea.recipe.${datasetId}`;
  }
}
