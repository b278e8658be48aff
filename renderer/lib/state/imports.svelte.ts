import type { FoveaClient } from '../../../app/ipc/common/contract.js';
import type { ImportProgress, ImportSummary } from '../../../app/library/common/images.js';
// Bytes per upload call: large enough to be fast, small enough to show progress; the web
// server's frame cap is computed from it.
import { uploadChunkBytes } from '../../../app/library/common/upload-limits.js';
import type { DroppedFile } from '../dropped-files.js';
import { ErrorState } from './error.svelte.js';

export type ImportPhase = 'idle' | 'uploading' | 'importing';

/**
 * One dataset's imports: Idle → (Uploading →) Importing → Idle, with the last summary kept so its
 * refusals can be read and exported after the import.
 */
export class ImportsState {
  readonly #client: FoveaClient;
  #phase = $state<ImportPhase>('idle');
  #progress = $state<ImportProgress | null>(null);
  #uploaded = $state({ done: 0, total: 0 });
  #importId = $state<number | null>(null);
  #last = $state<ImportSummary | null>(null);
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
    await this.#attempt(async () => {
      this.#phase = 'importing';
      this.#started((await this.#client.imports.start({ datasetId, paths, classId })).importId);
    });
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
      const { uploadId } = await this.#client.uploads.begin();
      let chunk: { path: string; data: ArrayBuffer }[] = [];
      let chunkBytes = 0;
      const send = async (): Promise<void> => {
        await this.#client.uploads.add(uploadId, chunk);
        this.#uploaded = { done: this.#uploaded.done + chunk.length, total: files.length };
        chunk = [];
        chunkBytes = 0;
      };
      for (const { path, file } of files) {
        if (this.#isCancelRequested) break;
        chunk.push({ path, data: await file.arrayBuffer() });
        chunkBytes += file.size;
        if (chunkBytes >= uploadChunkBytes) await send();
      }
      if (chunk.length > 0 && !this.#isCancelRequested) await send();
      if (this.#isCancelRequested) {
        this.#phase = 'idle';
        return;
      }
      this.#phase = 'importing';
      this.#started((await this.#client.imports.start({ datasetId, uploadId, classId })).importId);
    });
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

  /** A failed start leaves no import running. */
  async #attempt(work: () => Promise<void>): Promise<void> {
    if (!(await this.#errors.attempt(work))) this.#phase = 'idle';
  }
}
