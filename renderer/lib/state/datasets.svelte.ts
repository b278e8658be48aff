import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { DatasetSummary } from '../../../app/library/common/types.js';
import { ErrorState } from './error.svelte.js';

export interface DatasetsOptions {
  /** Where failures go; the Datasets area shares one funnel among its states. */
  readonly errors?: ErrorState;
  /** Called when another dataset (or none) becomes the selected one. */
  readonly onSelect?: (id: number | null) => void;
}

/**
 * The datasets: the list and the selection. Each change is a named method that calls the service
 * and then reloads; a failure goes to `errors` and changes nothing.
 */
export class DatasetsState {
  readonly #client: FoveaClient;
  readonly #errors: ErrorState;
  readonly #onSelect: (id: number | null) => void;
  #datasets = $state<DatasetSummary[]>([]);
  #selectedId = $state<number | null>(null);
  #isLoaded = $state(false);
  readonly #selected = $derived(this.#datasets.find((d) => d.id === this.#selectedId) ?? null);

  constructor(client: FoveaClient, options: DatasetsOptions = {}) {
    this.#client = client;
    this.#errors = options.errors ?? new ErrorState();
    this.#onSelect = options.onSelect ?? (() => undefined);
  }

  get datasets(): readonly DatasetSummary[] {
    return this.#datasets;
  }
  get selected(): DatasetSummary | null {
    return this.#selected;
  }
  get errors(): ErrorState {
    return this.#errors;
  }
  get isLoaded(): boolean {
    return this.#isLoaded;
  }

  /** Reads the list; keeps the selection, else selects `preferredId` if listed, else the first. */
  async load(preferredId: number | null = null): Promise<void> {
    await this.#errors.attempt(async () => {
      this.#datasets = await this.#client.datasets.list();
      this.#isLoaded = true;
      const isListed = (id: number | null) => this.#datasets.some((d) => d.id === id);
      const fallback = isListed(preferredId) ? preferredId : (this.#datasets[0]?.id ?? null);
      this.select(isListed(this.#selectedId) ? this.#selectedId : fallback);
    });
  }

  select(id: number | null): void {
    if (id === this.#selectedId) return;
    this.#selectedId = id;
    this.#onSelect(id);
  }

  create(name: string): Promise<boolean> {
    return this.#change(async () => {
      const dataset = await this.#client.datasets.create(name);
      this.select(dataset.id);
    });
  }

  rename(id: number, name: string): Promise<boolean> {
    return this.#change(() => this.#client.datasets.rename(id, name));
  }

  delete(id: number): Promise<boolean> {
    return this.#change(async () => {
      await this.#client.datasets.delete(id);
      if (this.#selectedId === id) this.select(null);
    });
  }

  createClass(datasetId: number, name: string): Promise<boolean> {
    return this.#change(() => this.#client.classes.create(datasetId, name));
  }

  renameClass(id: number, name: string): Promise<boolean> {
    return this.#change(() => this.#client.classes.rename(id, name));
  }

  deleteClass(id: number): Promise<boolean> {
    return this.#change(() => this.#client.classes.delete(id));
  }

  reset(): void {
    this.#datasets = [];
    this.#selectedId = null;
    this.#errors.clear();
    this.#isLoaded = false;
  }

  /** A failed change changed nothing, so only a success reloads (and the error stays in view). */
  async #change(work: () => Promise<unknown>): Promise<boolean> {
    const isDone = await this.#errors.attempt(work);
    if (isDone) await this.load();
    return isDone;
  }
}
