/**
 * The backbones a run can start from, for the app and the CLI: the list (what each is, whether it
 * is here), downloads with progress and cancel, and a user's own folder added to the library.
 * One download per backbone at a time; its progress goes out as `backbones.progress` events, at
 * most every 125 ms and once at the end.
 */
import { FoveaError } from '../../base/common/errors.js';
import type {
  BackboneChoice,
  BackboneDownloadProgress,
} from '../../engine/common/backbone-choice.js';
import type { Backbone } from '../../engine/common/backbones.js';
import { findBackbone } from '../../engine/common/backbones.js';
import type { BackboneShape } from '../../engine/common/model-tasks.js';
import type { EventHub } from '../../ipc/common/event-hub.js';
import type { BackboneCatalog, ResolvedBackbone } from './backbone-catalog.js';
import { downloadBackbone } from './backbone-download.js';
import { addBackboneFolder } from './backbone-folder-add.js';

/** Progress events are throttled to this (the app needs no more). */
const progressEveryMs = 125;

export interface BackbonesDependencies {
  readonly catalog: BackboneCatalog;
  readonly events?: EventHub | undefined;
  /** Replaces the published location of every download (tests; a mirror). */
  readonly baseUrl?: string | undefined;
  /** Loads a backbone folder in the engine and says what it offers (adding a folder needs it). */
  readonly inspect?: ((directory: string) => Promise<BackboneShape>) | undefined;
  readonly now?: () => number;
}

export class BackbonesService {
  readonly #deps: BackbonesDependencies;
  readonly #downloads = new Map<string, AbortController>();

  constructor(deps: BackbonesDependencies) {
    this.#deps = deps;
  }

  list(): BackboneChoice[] {
    return this.#deps.catalog.list();
  }

  /** The backbone `id` and its folder; throws saying why when it is not here. */
  resolve(id: string): ResolvedBackbone {
    return this.#deps.catalog.resolve(id);
  }

  /**
   * Downloads `id` (again, if it is here: a fresh copy replaces the old only once complete).
   * `onProgress` gets every report, the events a throttled few.
   */
  async download(
    id: string,
    onProgress?: (progress: BackboneDownloadProgress) => void,
  ): Promise<BackboneChoice> {
    const backbone = this.#downloadable(id);
    if (this.#downloads.has(id))
      throw new FoveaError('conflict', `${backbone.name} is being downloaded already.`);
    const controller = new AbortController();
    this.#downloads.set(id, controller);
    const now = this.#deps.now ?? Date.now;
    let lastSent = -Infinity;
    try {
      await downloadBackbone(backbone, {
        backbonesDir: this.#deps.catalog.libraryDir,
        baseUrl: this.#deps.baseUrl,
        signal: controller.signal,
        onProgress: (progress) => {
          onProgress?.(progress);
          const isLast = progress.receivedBytes === progress.totalBytes;
          if (!isLast && now() - lastSent < progressEveryMs) return;
          lastSent = now();
          this.#deps.events?.emit('backbones.progress', progress);
        },
      });
    } finally {
      this.#downloads.delete(id);
    }
    return this.#choice(id);
  }

  /** Stops `id`'s download; it then fails as cancelled and keeps nothing. */
  cancel(id: string): void {
    const controller = this.#downloads.get(id);
    if (controller === undefined)
      throw new FoveaError('not_found', `No download of ${id} is under way.`);
    controller.abort();
  }

  /** Adds a user's own Layers model from `folder`, copied into the library. */
  async add(folder: string, id?: string): Promise<BackboneChoice> {
    const inspect = this.#deps.inspect;
    if (inspect === undefined)
      throw new FoveaError(
        'unsupported',
        'Adding a backbone needs the engine, which is not available here.',
      );
    const backbone = await addBackboneFolder(folder, {
      backbonesDir: this.#deps.catalog.libraryDir,
      id,
      inspect,
      isTaken: (candidate) => this.#deps.catalog.find(candidate) !== undefined,
    });
    return this.#choice(backbone.id);
  }

  #downloadable(id: string): Backbone {
    const backbone = findBackbone(id);
    if (backbone?.download !== undefined) return backbone;
    const downloadable = this.list()
      .filter((choice) => choice.origin === 'download')
      .map((choice) => choice.id);
    throw new FoveaError(
      'invalid_argument',
      backbone === undefined && this.#deps.catalog.find(id) === undefined
        ? `There is no backbone "${id}" to download; the downloadable ones are ${downloadable.join(', ')}.`
        : `${id} is not downloaded: it is here already. Downloadable: ${downloadable.join(', ')}.`,
    );
  }

  #choice(id: string): BackboneChoice {
    const choice = this.list().find((each) => each.id === id);
    if (choice === undefined) throw new FoveaError('internal', `The backbone ${id} is not listed.`);
    return choice;
  }
}
