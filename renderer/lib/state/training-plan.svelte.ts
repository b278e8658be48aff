import type { FoveaClient, TrainingPlanCounts } from '../../../app/ipc/common/contract.js';
import { defaultSplitPercentages } from '../../../app/library/common/splits.js';
import { ErrorState } from './error.svelte.js';

/** The seed of the one-click split, so the same dataset splits the same way each time. */
export const splitSeed = 1;

/**
 * The images a run would use if started now (as training counts them, with the validation it
 * lends from train), and the one-click split offered when there are no test images.
 */
export class TrainingPlanState {
  readonly #client: FoveaClient;
  readonly errors = new ErrorState();
  #datasetId = $state<number | null>(null);
  #counts = $state<TrainingPlanCounts | null>(null);
  #isSplitting = $state(false);

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get counts(): TrainingPlanCounts | null {
    return this.#counts;
  }
  get isSplitting(): boolean {
    return this.#isSplitting;
  }
  /** Nothing would test the model, or validation would be borrowed: a split is worth offering. */
  get needsSplit(): boolean {
    return this.#counts !== null && (this.#counts.test === 0 || this.#counts.lent > 0);
  }

  async open(datasetId: number): Promise<void> {
    if (datasetId !== this.#datasetId) this.#counts = null;
    this.#datasetId = datasetId;
    await this.errors.attempt(async () => {
      const counts = await this.#client.training.plan(datasetId);
      if (datasetId === this.#datasetId) this.#counts = counts;
    });
  }

  /** Splits all the dataset's images 80/10/10 per class with a fixed seed; stored for good. */
  async split(): Promise<void> {
    const datasetId = this.#datasetId;
    if (datasetId === null) return;
    this.#isSplitting = true;
    try {
      await this.errors.attempt(() =>
        this.#client.splits.resplit(datasetId, { ...defaultSplitPercentages }, splitSeed),
      );
      await this.open(datasetId);
    } finally {
      this.#isSplitting = false;
    }
  }

  reset(): void {
    this.#datasetId = null;
    this.#counts = null;
    this.errors.clear();
  }
}
