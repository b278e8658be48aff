import { availableParallelism } from 'node:os';
import { importConcurrency } from '../../images/node/import-threads.js';
import { isAbsolute, relative } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';
import type { Logger } from '../../base/common/logger.js';
import type { EventHub } from '../../ipc/common/event-hub.js';
import type { ImportPreview, ImportSummary } from '../../library/common/images.js';
import type { ImportRequest } from '../../library/node/import-runner.js';
import { ImportJob } from '../../library/node/import-runner.js';
import type { LibraryStores } from '../../library/node/stores.js';
import type { UploadedFile } from '../../library/node/upload-store.js';
import { previewImport } from './import-preview.js';

export interface StartImport {
  readonly datasetId: number;
  readonly paths?: readonly string[] | undefined;
  readonly uploadId?: string | undefined;
  readonly classId?: number | null | undefined;
}

export interface ImportDependencies {
  readonly stores: Pick<LibraryStores, 'datasets' | 'images' | 'imports' | 'blobs' | 'uploads'>;
  readonly events: EventHub;
  readonly logger: Logger;
  /** Files decoded at once; by default what the machine's cores allow. */
  readonly concurrency?: number;
}

/**
 * Runs imports in the background, one job each, and reports them as events. In web mode the
 * files arrive first as an upload (begin, add…), then import from its folder.
 */
export class ImportService {
  readonly #stores: ImportDependencies['stores'];
  readonly #events: EventHub;
  readonly #logger: Logger;
  readonly #running = new Map<number, { job: ImportJob; done: Promise<ImportSummary> }>();
  readonly #concurrency: number;

  constructor(deps: ImportDependencies) {
    this.#stores = deps.stores;
    this.#events = deps.events;
    this.#logger = deps.logger;
    this.#concurrency = deps.concurrency ?? importConcurrency(availableParallelism());
  }

  /** Starts an upload; returns its id. */
  beginUpload(): Promise<string> {
    return this.#stores.uploads.begin();
  }

  addToUpload(uploadId: string, files: readonly UploadedFile[]): Promise<void> {
    return this.#stores.uploads.add(uploadId, files);
  }

  /** Drops an upload that will not be imported (the person cancelled its preview). */
  discardUpload(uploadId: string): Promise<void> {
    return this.#stores.uploads.remove(uploadId);
  }

  /** What an import of the same request would find, before anything is stored. */
  async preview(request: StartImport): Promise<ImportPreview> {
    const paths = await this.#paths(request);
    const root = request.uploadId ? this.#stores.uploads.dir(request.uploadId) : null;
    return previewImport(paths, (path) => (root === null ? path : relative(root, path)));
  }

  async start(request: StartImport): Promise<{ importId: number; done: Promise<ImportSummary> }> {
    const stores = this.#stores;
    const paths = await this.#paths(request);
    // A claimed upload no longer expires; the import removes it when it ends.
    if (request.uploadId) stores.uploads.claim(request.uploadId);
    const importRequest: ImportRequest = {
      datasetId: request.datasetId,
      paths,
      ...(request.classId === undefined ? {} : { classId: request.classId }),
      ...(request.uploadId ? { displayRoot: stores.uploads.dir(request.uploadId) } : {}),
    };
    const job = new ImportJob(
      {
        library: stores.datasets,
        images: stores.images,
        imports: stores.imports,
        blobs: stores.blobs,
        concurrency: this.#concurrency,
        onProgress: (progress) => this.#events.emit('import.progress', progress),
      },
      importRequest,
    );
    const done = job.run().finally(async () => {
      this.#running.delete(job.id);
      if (request.uploadId) await stores.uploads.remove(request.uploadId);
    });
    void done.then(
      (summary) => {
        this.#events.emit('import.finished', summary);
        this.#events.emit('library.changed', { datasetId: request.datasetId });
      },
      (error: unknown) => this.#logger.error(`import ${job.id} failed`, error),
    );
    this.#running.set(job.id, { job, done });
    return { importId: job.id, done };
  }

  async #paths(request: StartImport): Promise<string[]> {
    this.#stores.datasets.getDataset(request.datasetId);
    const paths = request.uploadId
      ? await this.#stores.uploads.roots(request.uploadId)
      : [...(request.paths ?? [])];
    const relativePath = paths.find((path) => !isAbsolute(path));
    if (relativePath !== undefined) {
      throw new FoveaError('invalid_argument', `Import paths must be absolute: "${relativePath}".`);
    }
    return paths;
  }

  cancel(importId: number): void {
    this.#running.get(importId)?.job.cancel();
  }

  get(importId: number): ImportSummary {
    const summary = this.#stores.imports.get(importId, (datasetId) =>
      this.#stores.images.classCounts(datasetId),
    );
    if (!summary) throw new FoveaError('not_found', `There is no import with id ${importId}.`);
    return summary;
  }

  list(datasetId: number): ImportSummary[] {
    return this.#stores.imports.list(datasetId, this.#stores.images.classCounts(datasetId));
  }

  /** Cancels running imports and waits for them to write what they finished. */
  async stopAll(): Promise<void> {
    const running = [...this.#running.values()];
    for (const { job } of running) job.cancel();
    await Promise.allSettled(running.map(({ done }) => done));
  }
}
