import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { SplitCounts, SplitPercentages } from '../../../app/library/common/images.js';
import { ErrorState } from './error.svelte.js';

/**
 * How one dataset's images fall into train, validation and test, and the assignment of the ones
 * without a split. `LibraryState` opens the selected dataset and refreshes it when the library
 * changes.
 */
export class SplitsState {
  readonly #client: FoveaClient;
  readonly #errors: ErrorState;
  #datasetId = $state<number | null>(null);
  #counts = $state<SplitCounts | null>(null);

  constructor(client: FoveaClient, errors: ErrorState = new ErrorState()) {
    this.#client = client;
    this.#errors = errors;
  }

  get counts(): SplitCounts | null {
    return this.#counts;
  }
  get errors(): ErrorState {
    return this.#errors;
  }

  async open(datasetId: number): Promise<void> {
    if (datasetId !== this.#datasetId) {
      this.#datasetId = datasetId;
      this.#counts = null;
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const datasetId = this.#datasetId;
    if (datasetId === null) return;
    await this.#errors.attempt(async () => {
      const counts = await this.#client.splits.counts(datasetId);
      if (datasetId === this.#datasetId) this.#counts = counts;
    });
  }

  /** Gives each image without a split one, in these proportions; returns whether it worked. */
  async assign(percentages: SplitPercentages): Promise<boolean> {
    const datasetId = this.#datasetId;
    if (datasetId === null) return false;
    return this.#errors.attempt(async () => {
      const counts = await this.#client.splits.assign(datasetId, { ...percentages });
      if (datasetId === this.#datasetId) this.#counts = counts;
    });
  }

  /** Forgets every split and assigns all images again (per class, seeded); says whether it worked. */
  async resplitAll(percentages: SplitPercentages, seed = 1): Promise<boolean> {
    const datasetId = this.#datasetId;
    if (datasetId === null) return false;
    return this.#errors.attempt(async () => {
      const counts = await this.#client.splits.resplit(datasetId, { ...percentages }, seed);
      if (datasetId === this.#datasetId) this.#counts = counts;
    });
  }

  reset(): void {
    this.#datasetId = null;
    this.#counts = null;
    this.#errors.clear();
  }
}
