import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type {
  ImageDetailWithOrigin,
  ImageFilter,
  ImageIndex,
} from '../../../app/library/common/images.js';
import type { Split } from '../../../app/library/common/types.js';
import { ErrorState } from './error.svelte.js';

const emptyIndex: ImageIndex = {
  ids: new Int32Array(0),
  classIds: new Int32Array(0),
  splits: new Uint8Array(0),
  statuses: new Uint8Array(0),
};

export interface ClickModifiers {
  readonly isShift: boolean;
  readonly isToggle: boolean;
}

/**
 * The gallery of one dataset: the filtered image index, the selection (click, shift-click,
 * Ctrl/Cmd-click, select all), the image shown in the detail panel, and the last delete (undo).
 */
export class GalleryState {
  readonly #client: FoveaClient;
  #datasetId = $state<number | null>(null);
  #index = $state.raw<ImageIndex>(emptyIndex);
  #filter = $state<ImageFilter>({});
  #selected = $state.raw<ReadonlySet<number>>(new Set());
  #anchor: number | null = null;
  #detail = $state<ImageDetailWithOrigin | null>(null);
  #lastDeleted = $state.raw<readonly number[]>([]);
  readonly #errors = new ErrorState();

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get index(): ImageIndex {
    return this.#index;
  }
  get count(): number {
    return this.#index.ids.length;
  }
  get filter(): ImageFilter {
    return this.#filter;
  }
  get selected(): ReadonlySet<number> {
    return this.#selected;
  }
  get detail(): ImageDetailWithOrigin | null {
    return this.#detail;
  }
  get canUndo(): boolean {
    return this.#lastDeleted.length > 0;
  }
  get lastDeletedCount(): number {
    return this.#lastDeleted.length;
  }
  get errors(): ErrorState {
    return this.#errors;
  }

  async open(datasetId: number): Promise<void> {
    if (datasetId !== this.#datasetId) {
      this.#datasetId = datasetId;
      this.#filter = {};
      this.#selected = new Set();
      this.#detail = null;
      this.#lastDeleted = [];
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const datasetId = this.#datasetId;
    if (datasetId === null) return;
    await this.#errors.attempt(async () => {
      const index = await this.#client.images.index(datasetId, this.#filter);
      if (datasetId !== this.#datasetId) return;
      this.#index = index;
      const visible = new Set(index.ids);
      this.#selected = new Set([...this.#selected].filter((id) => visible.has(id)));
      if (this.#detail && !visible.has(this.#detail.id)) this.#detail = null;
    });
  }

  async setFilter(filter: ImageFilter): Promise<void> {
    this.#filter = filter;
    await this.refresh();
  }

  click(id: number, modifiers: ClickModifiers): void {
    if (modifiers.isShift && this.#anchor !== null) {
      const ids = [...this.#index.ids];
      const [from, to] = [ids.indexOf(this.#anchor), ids.indexOf(id)].sort((a, b) => a - b);
      if (from !== undefined && to !== undefined && from >= 0) {
        this.#selected = new Set([...this.#selected, ...ids.slice(from, to + 1)]);
        return;
      }
    }
    if (modifiers.isToggle) {
      const next = new Set(this.#selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      this.#selected = next;
    } else {
      this.#selected = new Set([id]);
    }
    this.#anchor = id;
    void this.showDetail(id);
  }

  selectAll(): void {
    this.#selected = new Set(this.#index.ids);
  }

  clearSelection(): void {
    this.#selected = new Set();
  }

  closeDetail(): void {
    this.#detail = null;
  }

  async showDetail(id: number): Promise<void> {
    await this.#errors.attempt(async () => {
      this.#detail = await this.#client.images.get(id);
    });
  }

  /** Gives the selection (or the given ids) a class; null removes the class. */
  async relabel(
    classId: number | null,
    ids: readonly number[] = [...this.#selected],
  ): Promise<void> {
    if (ids.length === 0) return;
    if (await this.#errors.attempt(() => this.#client.images.setClass([...ids], classId))) {
      await this.#afterChange();
    }
  }

  async moveToSplit(split: Split | null): Promise<void> {
    if (this.#selected.size === 0) return;
    const selected = [...this.#selected];
    if (await this.#errors.attempt(() => this.#client.images.setSplit(selected, split))) {
      await this.#afterChange();
    }
  }

  async deleteSelected(): Promise<void> {
    const ids = [...this.#selected];
    if (ids.length === 0) return;
    const isDone = await this.#errors.attempt(() => this.#client.images.delete(ids));
    if (!isDone) return;
    this.#lastDeleted = ids;
    this.#selected = new Set();
    await this.refresh();
  }

  async undoDelete(): Promise<void> {
    const ids = this.#lastDeleted;
    if (ids.length === 0) return;
    const isDone = await this.#errors.attempt(() => this.#client.images.restore([...ids]));
    if (!isDone) return;
    this.#lastDeleted = [];
    this.#selected = new Set(ids);
    await this.refresh();
  }

  reset(): void {
    this.#datasetId = null;
    this.#index = emptyIndex;
    this.#filter = {};
    this.#selected = new Set();
    this.#detail = null;
    this.#lastDeleted = [];
    this.#errors.clear();
  }

  /** A failed change changed nothing, so only a success refreshes (and the error stays). */
  async #afterChange(): Promise<void> {
    await this.refresh();
    if (this.#detail) await this.showDetail(this.#detail.id);
  }
}
