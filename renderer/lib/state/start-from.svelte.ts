import type {
  Backbone,
  PretrainedRecipe,
  StartFrom,
} from '../../../app/engine/common/backbones.js';
import { backbones, headTrainingConfig } from '../../../app/engine/common/backbones.js';
import type {
  PretrainedSummary,
  SummaryBackbone,
} from '../../../app/engine/common/pretrained-summary.js';
import { summarizePretrained } from '../../../app/engine/common/pretrained-summary.js';
import type { TrainingConfig } from '../../../app/engine/common/training.js';

/** What the form shows of a backbone: a registry entry, or a choice `backbones.list` sends. */
export type StartChoice = SummaryBackbone &
  Pick<Backbone, 'description' | 'licences' | 'inputSize'>;

/** What a run can start from before `backbones.list` says what this machine has. */
const bundled = backbones.filter((backbone) => backbone.origin === 'bundled');

/** The head's own training settings the form offers; the rest are the head's defaults. */
export interface HeadSettings {
  readonly epochs: number;
  readonly learningRate: number;
}

export const defaultHeadSettings: HeadSettings = {
  epochs: headTrainingConfig.epochs ?? 30,
  learningRate: headTrainingConfig.learningRate ?? 1e-3,
};

/** What the form remembers of the start: kept beside the from-scratch recipe. */
export interface StoredStart {
  readonly from: StartFrom;
  readonly pretrained: PretrainedRecipe;
  readonly head: HeadSettings;
}

/** The fields a request to `training.start` gets for the chosen start. */
export interface StartRequestPart {
  readonly from?: StartFrom;
  readonly pretrained?: PretrainedRecipe;
  readonly config?: Partial<TrainingConfig>;
}

/**
 * The Train area's first choice: a pretrained backbone (the default, for a new user too) or a
 * network from scratch, and the pretrained recipe's head settings. Pure state; `TrainingState`
 * remembers it with the rest of the form and sends `request()` with Start.
 */
export class StartFromState {
  #choices = $state.raw<readonly StartChoice[]>(bundled);
  #from = $state<StartFrom>(bundled[0]?.id ?? 'scratch');
  #recipe = $state<PretrainedRecipe>({});
  #head = $state<HeadSettings>(defaultHeadSettings);
  #classes = $state(2);
  readonly #backbone = $derived(this.#from === 'scratch' ? null : (this.#find(this.#from) ?? null));
  readonly #summary = $derived(
    this.#backbone ? summarizePretrained(this.#backbone, this.#recipe, this.#classes) : null,
  );

  /** The backbones the app can start from: the registry's, until `setChoices` gives others. */
  get choices(): readonly StartChoice[] {
    return this.#choices;
  }
  get from(): StartFrom {
    return this.#from;
  }
  get isPretrained(): boolean {
    return this.#backbone !== null;
  }
  get backbone(): StartChoice | null {
    return this.#backbone;
  }
  get recipe(): PretrainedRecipe {
    return this.#recipe;
  }
  get head(): HeadSettings {
    return this.#head;
  }
  /** The network a run started now would train, counted; null from scratch. */
  get summary(): PretrainedSummary | null {
    return this.#summary;
  }

  /**
   * The backbones available here (e.g. `backbones.list`'s available ones); a choice no longer
   * offered falls back to the first one.
   */
  setChoices(choices: readonly StartChoice[]): void {
    this.#choices = choices;
    if (this.#from !== 'scratch' && !this.#find(this.#from))
      this.#from = choices[0]?.id ?? 'scratch';
  }

  #find(id: string): StartChoice | undefined {
    return this.#choices.find((choice) => choice.id === id);
  }

  /** The dataset's class count, which sizes the head. */
  setClasses(classes: number): void {
    this.#classes = classes;
  }

  /** A name the registry does not know (a stored or an old run's) leaves the choice as it is. */
  choose(from: string): void {
    if (from === 'scratch') this.#from = from;
    else this.#from = this.#find(from)?.id ?? this.#from;
  }

  setRecipe(change: Partial<PretrainedRecipe>): void {
    this.#recipe = { ...this.#recipe, ...change };
  }

  setHead(change: Partial<HeadSettings>): void {
    this.#head = { ...this.#head, ...change };
  }

  /** Back to the remembered start of a dataset, or to the defaults when none is remembered. */
  restore(stored: Partial<StoredStart> | null): void {
    this.#from = this.#choices[0]?.id ?? 'scratch';
    if (stored?.from !== undefined) this.choose(stored.from);
    this.#recipe = readableRecipe(stored?.pretrained);
    this.#head = { ...defaultHeadSettings, ...numbersOf(stored?.head, ['epochs', 'learningRate']) };
  }

  toStored(): StoredStart {
    return {
      from: this.#from,
      pretrained: $state.snapshot<PretrainedRecipe>(this.#recipe),
      head: $state.snapshot(this.#head),
    };
  }

  /** A pretrained start sends only its own settings: the from-scratch recipe does not apply. */
  request(): StartRequestPart {
    // From scratch is the service's default: nothing to add to the request.
    if (!this.#backbone) return {};
    return {
      from: this.#backbone.id,
      pretrained: $state.snapshot<PretrainedRecipe>(this.#recipe),
      config: { ...$state.snapshot(this.#head) },
    };
  }
}

/** The fields of a remembered recipe that have the right type; a hand-edited entry loses the rest. */
function readableRecipe(value: unknown): PretrainedRecipe {
  if (typeof value !== 'object' || value === null) return {};
  const stored = value as Record<string, unknown>;
  const layers = stored['layers'];
  const isNameList = Array.isArray(layers) && layers.every((name) => typeof name === 'string');
  return {
    ...numbersOf(stored, ['hidden', 'dropout', 'weightDecay', 'fineTune']),
    ...(typeof stored['flip'] === 'boolean' ? { flip: stored['flip'] } : {}),
    ...(isNameList ? { layers } : {}),
  };
}

function numbersOf<K extends string>(
  value: unknown,
  keys: readonly K[],
): Partial<Record<K, number>> {
  if (typeof value !== 'object' || value === null) return {};
  const stored = value as Record<string, unknown>;
  const numbers: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const number = stored[key];
    if (typeof number === 'number' && Number.isFinite(number)) numbers[key] = number;
  }
  return numbers;
}
