import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type {
  ClassificationSortKey,
  ClassifiedFile,
  FolderClassification,
} from '../../../app/library/common/classification.js';
import {
  classificationCsv,
  classificationJson,
  sortClassified,
} from '../../../app/library/common/classification.js';
import { importAsNone, markImagesAsNone } from '../background-class.js';
import { desktopBridge, desktopPaths } from '../desktop.js';
import type { DroppedFile } from '../dropped-files.js';
import { topLevelPaths } from '../import-drop.js';
import { uploadFiles } from '../upload-files.js';
import { ErrorState } from './error.svelte.js';

export type ClassifyPhase = 'idle' | 'uploading' | 'classifying';

/**
 * "Classify a folder" in Evaluate: Idle → (Uploading →) Classifying → Idle, keeping the last
 * result (sortable, exportable as CSV or JSON). It listens to the job's events only while one runs.
 */
export class ClassifyState {
  readonly #client: FoveaClient;
  #phase = $state<ClassifyPhase>('idle');
  #progress = $state({ done: 0, total: 0 });
  #jobId: number | null = null;
  #result = $state<FolderClassification | null>(null);
  #isCancelRequested = false;
  #stopListening: (() => void) | null = null;
  readonly #errors = new ErrorState();
  /** The dropped files by their path in the result, so a row can still be imported. */
  #files = new Map<string, File>();
  #markedAsNone = $state<ReadonlySet<string>>(new Set());
  sortKey = $state<ClassificationSortKey>('file');
  isDescending = $state(false);
  readonly #rows = $derived.by((): ClassifiedFile[] => {
    const result = this.#result;
    if (!result) return [];
    return sortClassified(result.items, result.classes, this.sortKey, this.isDescending);
  });

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get phase(): ClassifyPhase {
    return this.#phase;
  }
  get progress(): { done: number; total: number } {
    return this.#progress;
  }
  get result(): FolderClassification | null {
    return this.#result;
  }
  get rows(): readonly ClassifiedFile[] {
    return this.#rows;
  }
  get errors(): ErrorState {
    return this.#errors;
  }

  /** Rows (by file) marked "none of these" since the result came. */
  get markedAsNone(): ReadonlySet<string> {
    return this.#markedAsNone;
  }

  /** A row can go to the background class if its image is in the dataset or was dropped here. */
  canMarkAsNone(row: ClassifiedFile, datasetId: number): boolean {
    return row.known?.datasetId === datasetId || this.#files.has(row.file);
  }

  /** "None of these": the row's image into the dataset's background class (made if missing). */
  async markAsNone(row: ClassifiedFile, datasetId: number): Promise<void> {
    await this.#errors.attempt(async () => {
      const file = this.#files.get(row.file);
      if (row.known?.datasetId === datasetId)
        await markImagesAsNone(this.#client, datasetId, [row.known.imageId]);
      else if (file) await importAsNone(this.#client, datasetId, file);
      else throw new Error(`${row.file} is no longer at hand: drop it again to add it.`);
      this.#markedAsNone = new Set([...this.#markedAsNone, row.file]);
    });
  }

  /** Sorts by a column; the same column again flips the order. */
  sortBy(key: ClassificationSortKey): void {
    if (this.sortKey === key) this.isDescending = !this.isDescending;
    else {
      this.sortKey = key;
      this.isDescending = key === 'probability';
    }
  }

  /** Dropped or picked files: by path in the desktop app, else uploaded first. */
  async classifyFiles(runId: number, files: readonly DroppedFile[]): Promise<void> {
    if (files.length === 0 || this.#phase !== 'idle') return;
    const paths = desktopPaths(files.map((f) => f.file));
    this.#files = new Map(files.map((f) => [f.path, f.file]));
    await this.#attempt(async () => {
      this.#isCancelRequested = false;
      if (paths) return this.#start({ runId, paths: topLevelPaths(paths, files) });
      this.#phase = 'uploading';
      this.#progress = { done: 0, total: files.length };
      const uploadId = await uploadFiles(
        this.#client,
        files,
        (done) => (this.#progress = { done, total: files.length }),
        () => this.#isCancelRequested,
      );
      if (uploadId === null) this.#phase = 'idle';
      else await this.#start({ runId, uploadId });
    });
  }

  /** The desktop app's folder dialog; false in web mode, where the page's picker is used. */
  async classifyChosenFolders(runId: number): Promise<boolean> {
    const desktop = desktopBridge();
    if (!desktop) return false;
    this.#files = new Map();
    await this.#attempt(async () => {
      const paths = await desktop.chooseFolders();
      if (paths.length > 0) await this.#start({ runId, paths });
    });
    return true;
  }

  async cancel(): Promise<void> {
    this.#isCancelRequested = true;
    const jobId = this.#jobId;
    if (jobId !== null) await this.#errors.attempt(() => this.#client.classify.cancel(jobId));
  }

  csv(): string {
    return this.#result ? classificationCsv(this.#result) : '';
  }

  json(): string {
    return this.#result ? classificationJson(this.#result) : '';
  }

  reset(): void {
    this.#stopListening?.();
    this.#stopListening = null;
    this.#phase = 'idle';
    this.#progress = { done: 0, total: 0 };
    this.#jobId = null;
    this.#result = null;
    this.#files = new Map();
    this.#markedAsNone = new Set();
    this.#errors.clear();
  }

  async #start(request: { runId: number; paths?: string[]; uploadId?: string }): Promise<void> {
    this.#phase = 'classifying';
    this.#progress = { done: 0, total: 0 };
    this.#listen();
    const { jobId } = await this.#client.classify.start(request);
    this.#jobId = jobId;
    // A small job can end before its id came back; ask once, then the events say the rest.
    await this.#refresh(jobId);
  }

  #listen(): void {
    this.#stopListening?.();
    const stopProgress = this.#client.on('classify.progress', (progress) => {
      if (progress.jobId === this.#jobId)
        this.#progress = { done: progress.done, total: progress.total };
    });
    const stopFinished = this.#client.on('classify.finished', ({ jobId }) => {
      if (jobId === this.#jobId) void this.#errors.attempt(() => this.#refresh(jobId));
    });
    this.#stopListening = () => {
      stopProgress();
      stopFinished();
    };
  }

  async #refresh(jobId: number): Promise<void> {
    const result = await this.#client.classify.get(jobId);
    if (result.state === 'running' || jobId !== this.#jobId) return;
    this.#stopListening?.();
    this.#stopListening = null;
    this.#jobId = null;
    this.#phase = 'idle';
    this.#result = result;
    this.#markedAsNone = new Set();
    if (result.state === 'failed') this.#errors.handleError(new Error(result.message ?? ''));
  }

  async #attempt(work: () => Promise<void>): Promise<void> {
    if (await this.#errors.attempt(work)) return;
    this.#stopListening?.();
    this.#stopListening = null;
    this.#phase = 'idle';
  }
}
