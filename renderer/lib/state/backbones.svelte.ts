import type { BackboneChoice } from '../../../app/engine/common/backbone-choice.js';
import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import { toErrorInfo } from '../../../app/base/common/errors.js';
import { ErrorState } from './error.svelte.js';

/** A download under way: the fraction received, or null before its size is known. */
export interface DownloadState {
  readonly fraction: number | null;
}

/**
 * The backbones a pretrained run can start from, and their downloads: one per backbone at a
 * time, its progress from `backbones.progress`, cancellable; a cancel is no error, a failure's
 * message (no network, dropped, refused) shows in the banner.
 */
export class BackbonesState {
  readonly #client: FoveaClient;
  /** Told the available backbones whenever they change (the Start-from choice offers them). */
  readonly #onAvailable: (available: readonly BackboneChoice[]) => void;
  readonly errors = new ErrorState();
  #choices = $state<readonly BackboneChoice[]>([]);
  #downloads = $state<Readonly<Record<string, DownloadState>>>({});

  constructor(
    client: FoveaClient,
    onAvailable: (available: readonly BackboneChoice[]) => void = () => undefined,
  ) {
    this.#client = client;
    this.#onAvailable = onAvailable;
  }

  get choices(): readonly BackboneChoice[] {
    return this.#choices;
  }

  /** The ids a run could start from right now. */
  get available(): readonly BackboneChoice[] {
    return this.#choices.filter((choice) => choice.isAvailable);
  }

  downloadOf(id: string): DownloadState | null {
    return this.#downloads[id] ?? null;
  }

  async load(): Promise<void> {
    await this.errors.attempt(async () => {
      this.#choices = await this.#client.backbones.list();
      this.#onAvailable(this.available);
    });
  }

  async download(id: string): Promise<void> {
    if (this.#downloads[id] !== undefined) return;
    this.#downloads = { ...this.#downloads, [id]: { fraction: null } };
    const stop = this.#client.on('backbones.progress', (progress) => {
      if (progress.id !== id || this.#downloads[id] === undefined) return;
      const fraction =
        progress.totalBytes === null || progress.totalBytes === 0
          ? null
          : progress.receivedBytes / progress.totalBytes;
      this.#downloads = { ...this.#downloads, [id]: { fraction } };
    });
    try {
      const choice = await this.#client.backbones.download(id);
      this.#choices = this.#choices.map((each) => (each.id === id ? choice : each));
      this.#onAvailable(this.available);
      this.errors.clear();
    } catch (error) {
      if (toErrorInfo(error).code !== 'cancelled') this.errors.handleError(error);
    } finally {
      stop();
      const { [id]: _done, ...rest } = this.#downloads;
      this.#downloads = rest;
    }
  }

  async cancel(id: string): Promise<void> {
    await this.errors.attempt(() => this.#client.backbones.cancel(id));
  }

  reset(): void {
    this.#choices = [];
    this.#downloads = {};
    this.errors.clear();
  }
}
