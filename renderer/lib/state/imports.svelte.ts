import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type {
  ImportPreview,
  ImportProgress,
  ImportSummary,
} from '../../../app/library/common/images.js';
import type { DroppedFile } from '../dropped-files.js';
import { uploadFiles } from '../upload-files.js';
import { ErrorState } from './error.svelte.js';

export type ImportPhase = 'idle' | 'uploading' | 'previewing' | 'importing';

/** Where the previewed files are: on disk (desktop app) or in an upload (web mode). */
type PendingImport =
  | { readonly datasetId: number; readonly paths: string[] }
  | { readonly datasetId: number; readonly uploadId: string };

/**
 * The class chosen for the loose images of a preview, as a select's value: 'none', a class id, or
 * 'new' (a new class named after the dropped folder).
 */
export type LooseClassChoice = 'none' | 'new' | `${number}`;

/**
 * One dataset's imports: Idle → (Uploading →) Previewing → Importing → Idle, with the last summary
 * kept so its refusals can be read and exported after the import. The preview shows what the
 * folders imply (classes, splits, loose images) and takes the class for loose images; a preview
 * that found no images ends there.
 */
export class ImportsState {
  readonly #client: FoveaClient;
  #phase = $state<ImportPhase>('idle');
  #progress = $state<ImportProgress | null>(null);
  #uploaded = $state({ done: 0, total: 0 });
  #importId = $state<number | null>(null);
  #last = $state<ImportSummary | null>(null);
  #preview = $state<ImportPreview | null>(null);
  #looseChoice = $state<LooseClassChoice>('none');
  #pending: PendingImport | null = null;
  readonly #errors = new ErrorState();
  #isCancelRequested = false;
  /** A small import can finish before its start call returns its id. */
  readonly #finishedEarly = new Map<number, ImportSummary>();

  constructor(client: FoveaClient) {
    this.#client = client;
  }

  get phase(): ImportPhase {
    return this.#phase;
  }
  get progress(): ImportProgress | null {
    return this.#progress;
  }
  get uploaded(): { done: number; total: number } {
    return this.#uploaded;
  }
  get last(): ImportSummary | null {
    return this.#last;
  }
  /** What the pending import would find; set while previewing. */
  get preview(): ImportPreview | null {
    return this.#preview;
  }
  /** Where the preview's loose images go; the class they were dropped onto, at first. */
  get looseChoice(): LooseClassChoice {
    return this.#looseChoice;
  }
  set looseChoice(choice: LooseClassChoice) {
    this.#looseChoice = choice;
  }
  get errors(): ErrorState {
    return this.#errors;
  }

  /** Subscribes to import events; returns the unsubscribe function. */
  listen(): () => void {
    const stopProgress = this.#client.on('import.progress', (progress) => {
      if (progress.importId === this.#importId) this.#progress = progress;
    });
    const stopFinished = this.#client.on('import.finished', (summary) => {
      if (summary.id === this.#importId) this.#finish(summary);
      else if (this.#phase === 'importing') this.#finishedEarly.set(summary.id, summary);
    });
    return () => {
      stopProgress();
      stopFinished();
    };
  }

  /** Desktop app: the dropped files' real paths. */
  async importPaths(
    datasetId: number,
    paths: string[],
    classId: number | null = null,
  ): Promise<void> {
    await this.#attempt(() => this.#previewOf({ datasetId, paths }, classId));
  }

  /** Web mode: upload the dropped files into the library's staging area, then import them. */
  async importFiles(
    datasetId: number,
    files: readonly DroppedFile[],
    classId: number | null = null,
  ): Promise<void> {
    await this.#attempt(async () => {
      this.#phase = 'uploading';
      this.#isCancelRequested = false;
      this.#uploaded = { done: 0, total: files.length };
      const uploadId = await uploadFiles(
        this.#client,
        files,
        (done) => (this.#uploaded = { done, total: files.length }),
        () => this.#isCancelRequested,
      );
      if (uploadId === null) {
        this.#phase = 'idle';
        return;
      }
      await this.#previewOf({ datasetId, uploadId }, classId);
    });
  }

  /**
   * Camera photos: uploaded and imported straight into `classId`, with no preview (the person
   * chose the class before taking them); hashing, dedupe, thumbnails and tensors as for any drop.
   */
  async importCaptured(
    datasetId: number,
    files: readonly DroppedFile[],
    classId: number,
  ): Promise<void> {
    await this.#attempt(async () => {
      this.#phase = 'uploading';
      this.#isCancelRequested = false;
      this.#last = null;
      this.#uploaded = { done: 0, total: files.length };
      const uploadId = await uploadFiles(
        this.#client,
        files,
        (done) => (this.#uploaded = { done, total: files.length }),
        () => this.#isCancelRequested,
      );
      if (uploadId === null) {
        this.#phase = 'idle';
        return;
      }
      this.#phase = 'importing';
      this.#started((await this.#client.imports.start({ datasetId, uploadId, classId })).importId);
    });
  }

  /** A drop that held no files at all (an empty folder): ends as a preview with no images. */
  nothingDropped(roots: readonly string[]): void {
    this.#last = null;
    this.#pending = null;
    this.#phase = 'previewing';
    const splits = { train: 0, val: 0, test: 0, none: 0 };
    const nothing = { images: 0, classes: [], loose: 0, otherFiles: 0, problems: 0 };
    this.#preview = { roots, splits, suggestedClass: null, ...nothing };
  }

  /** Imports what was previewed, loose images into the chosen class. */
  async confirm(): Promise<void> {
    const pending = this.#pending;
    const choice = this.#looseChoice;
    const newClass = this.#preview?.suggestedClass ?? null;
    if (pending === null) return;
    await this.#attempt(async () => {
      const classId =
        choice === 'none'
          ? null
          : choice === 'new' && newClass !== null
            ? (await this.#client.classes.create(pending.datasetId, newClass)).id
            : Number(choice);
      this.#pending = null;
      this.#preview = null;
      this.#phase = 'importing';
      this.#started((await this.#client.imports.start({ ...pending, classId })).importId);
    });
  }

  /** Closes the preview without importing, and drops its upload. */
  async discardPreview(): Promise<void> {
    const pending = this.#pending;
    this.#pending = null;
    this.#preview = null;
    this.#phase = 'idle';
    if (pending !== null && 'uploadId' in pending)
      await this.#errors.attempt(() => this.#client.uploads.discard(pending.uploadId));
  }

  async #previewOf(pending: PendingImport, classId: number | null): Promise<void> {
    this.#phase = 'previewing';
    this.#last = null;
    this.#looseChoice = classId === null ? 'none' : `${classId}`;
    this.#preview = await this.#client.imports.preview(pending);
    this.#pending = pending;
  }

  async cancel(): Promise<void> {
    this.#isCancelRequested = true;
    const importId = this.#importId;
    if (importId !== null) await this.#errors.attempt(() => this.#client.imports.cancel(importId));
  }

  async loadLast(datasetId: number): Promise<void> {
    await this.#errors.attempt(async () => {
      const [latest] = await this.#client.imports.list(datasetId);
      this.#last = latest ?? null;
    });
  }

  dismiss(): void {
    this.#last = null;
    this.#errors.clear();
  }

  reset(): void {
    this.#phase = 'idle';
    this.#preview = null;
    this.#pending = null;
    this.#progress = null;
    this.#importId = null;
    this.#last = null;
    this.#errors.clear();
  }

  #started(importId: number): void {
    this.#importId = importId;
    const early = this.#finishedEarly.get(importId);
    this.#finishedEarly.clear();
    if (early) this.#finish(early);
  }

  #finish(summary: ImportSummary): void {
    this.#last = summary;
    this.#phase = 'idle';
    this.#importId = null;
    this.#progress = null;
  }

  /** A failed preview or start leaves nothing pending and no import running. */
  async #attempt(work: () => Promise<void>): Promise<void> {
    if (await this.#errors.attempt(work)) return;
    this.#phase = 'idle';
    this.#preview = null;
    this.#pending = null;
  }
}
