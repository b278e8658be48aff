import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { DatasetSummary } from '../../../app/library/common/types.js';
import { errorMessage } from '../errors.js';

/**
 * The Datasets area's state: the list, the selection, and the last error. Each change is a named
 * method that calls the service and then reloads; a failure becomes `error` and changes nothing.
 */
export class DatasetsState {
  readonly #client: FoveaClient;
  #datasets = $state<DatasetSummary[]>([]);
  #selectedId = $state<number | null>(null);
  #error = $state<string | null>(null);
  #isLoaded = $state(false);
  readonly #selected = $derived(this.#datasets.find((d) => d.id === this.#selectedId) ?? null);

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get datasets(): readonly DatasetSummary[] {
    return this.#datasets;
  }
  get selected(): DatasetSummary | null {
    return this.#selected;
  }
  get error(): string | null {
    return this.#error;
  }
  get isLoaded(): boolean {
    return this.#isLoaded;
  }

  async load(): Promise<void> {
    await this.#attempt(async () => {
      this.#datasets = await this.#client.datasets.list();
      this.#isLoaded = true;
      if (this.#selectedId !== null && !this.#datasets.some((d) => d.id === this.#selectedId)) {
        this.#selectedId = null;
      }
      this.#selectedId ??= this.#datasets[0]?.id ?? null;
    });
  }

  select(id: number | null): void {
    this.#selectedId = id;
  }

  clearError(): void {
    this.#error = null;
  }

  create(name: string): Promise<boolean> {
    return this.#change(async () => {
      const dataset = await this.#client.datasets.create(name);
      this.#selectedId = dataset.id;
    });
  }

  rename(id: number, name: string): Promise<boolean> {
    return this.#change(() => this.#client.datasets.rename(id, name));
  }

  delete(id: number): Promise<boolean> {
    return this.#change(async () => {
      await this.#client.datasets.delete(id);
      if (this.#selectedId === id) this.#selectedId = null;
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
    this.#error = null;
    this.#isLoaded = false;
  }

  async #change(work: () => Promise<unknown>): Promise<boolean> {
    const isDone = await this.#attempt(work);
    if (isDone) this.#error = null;
    await this.load();
    return isDone;
  }

  async #attempt(work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      this.#error = errorMessage(error);
      return false;
    }
  }
}
