import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { DatasetSummary } from '../../../app/library/common/types.js';
import { DatasetsState } from './datasets.svelte.js';
import { ErrorState } from './error.svelte.js';
import { GalleryState } from './gallery.svelte.js';
import { ImportsState } from './imports.svelte.js';
import { SplitsState } from './splits.svelte.js';

/**
 * The library as the Datasets area shows it: the datasets, and the selected one's gallery, last
 * import and split counts. It owns `library.changed`: whatever changed the library (this window,
 * another one, the CLI), what is on screen is read again. The datasets and the splits report to
 * one error banner, `errors`; the gallery and the imports keep their own beside their panels.
 */
export class LibraryState {
  readonly errors = new ErrorState();
  readonly datasets: DatasetsState;
  readonly gallery: GalleryState;
  readonly imports: ImportsState;
  readonly splits: SplitsState;
  readonly #client: FoveaClient;
  readonly #onSelect: (id: number | null) => void;

  /** `onSelect` hears of each newly selected dataset (the other areas follow it). */
  constructor(client: FoveaClient, onSelect: (id: number | null) => void = () => undefined) {
    this.#client = client;
    this.#onSelect = onSelect;
    this.datasets = new DatasetsState(client, {
      errors: this.errors,
      onSelect: (id) => void this.#open(id),
    });
    this.gallery = new GalleryState(client);
    this.imports = new ImportsState(client);
    this.splits = new SplitsState(client, this.errors);
  }

  get selected(): DatasetSummary | null {
    return this.datasets.selected;
  }

  /** Subscribes to the library's and the imports' events; returns the unsubscribe function. */
  listen(): () => void {
    const stopImports = this.imports.listen();
    const stopChanges = this.#client.on('library.changed', () => void this.refresh());
    return () => {
      stopImports();
      stopChanges();
    };
  }

  /** Reads the datasets (selecting `preferredId` if listed, else the first), opening its parts. */
  async load(preferredId: number | null = null): Promise<void> {
    await this.datasets.load(preferredId);
  }

  /** Reads again everything on screen that the library holds. */
  async refresh(): Promise<void> {
    const id = this.datasets.selected?.id;
    await Promise.all([
      this.datasets.load(),
      this.gallery.refresh(),
      this.splits.refresh(),
      id === undefined ? undefined : this.imports.loadLast(id),
    ]);
  }

  reset(): void {
    this.datasets.reset();
    this.gallery.reset();
    this.imports.reset();
    this.splits.reset();
  }

  async #open(id: number | null): Promise<void> {
    this.#onSelect(id);
    if (id === null) return;
    await Promise.all([this.gallery.open(id), this.imports.loadLast(id), this.splits.open(id)]);
  }
}
