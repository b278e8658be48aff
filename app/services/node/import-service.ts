import { availableParallelism } from 'node:os';
import { importConcurrency } from '../../images/node/process-image.js';
import { isAbsolute } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';
import type { EventHub } from '../../ipc/common/event-hub.js';
import type { ImportSummary } from '../../library/common/images.js';
import type { ImportRequest } from '../../library/node/import-runner.js';
import { ImportJob } from '../../library/node/import-runner.js';
import type { LibraryContext } from './library-context.js';

export interface StartImport {
  readonly datasetId: number;
  readonly paths?: readonly string[] | undefined;
  readonly uploadId?: string | undefined;
  readonly classId?: number | null | undefined;
}

/** Runs imports in the background, one job each, and reports them as events. */
export class ImportService {
  readonly #context: LibraryContext;
  readonly #events: EventHub;
  readonly #running = new Map<number, { job: ImportJob; done: Promise<ImportSummary> }>();
  readonly #concurrency: number;

  constructor(
    context: LibraryContext,
    events: EventHub,
    concurrency = importConcurrency(availableParallelism()),
  ) {
    this.#context = context;
    this.#events = events;
    this.#concurrency = concurrency;
  }

  async start(request: StartImport): Promise<{ importId: number; done: Promise<ImportSummary> }> {
    const context = this.#context;
    context.library.getDataset(request.datasetId);
    const paths = request.uploadId
      ? await context.uploads.roots(request.uploadId)
      : [...(request.paths ?? [])];
    const relativePath = paths.find((path) => !isAbsolute(path));
    if (relativePath !== undefined) {
      throw new FoveaError('invalid_argument', `Import paths must be absolute: "${relativePath}".`);
    }
    const importRequest: ImportRequest = {
      datasetId: request.datasetId,
      paths,
      ...(request.classId === undefined ? {} : { classId: request.classId }),
      ...(request.uploadId ? { displayRoot: context.uploads.dir(request.uploadId) } : {}),
    };
    const job = new ImportJob(
      {
        db: context.db,
        library: context.library,
        images: context.images,
        imports: context.imports,
        blobs: context.blobs,
        concurrency: this.#concurrency,
        onProgress: (progress) => this.#events.emit('import.progress', progress),
      },
      importRequest,
    );
    const done = job.run().finally(async () => {
      this.#running.delete(job.id);
      if (request.uploadId) await context.uploads.remove(request.uploadId);
    });
    void done.then(
      (summary) => {
        this.#events.emit('import.finished', summary);
        this.#events.emit('library.changed', { datasetId: request.datasetId });
      },
      () => undefined,
    );
    this.#running.set(job.id, { job, done });
    return { importId: job.id, done };
  }

  cancel(importId: number): void {
    this.#running.get(importId)?.job.cancel();
  }

  get(importId: number): ImportSummary {
    const summary = this.#context.imports.get(importId, (datasetId) =>
      this.#context.images.classCounts(datasetId),
    );
    if (!summary) throw new FoveaError('not_found', `There is no import with id ${importId}.`);
    return summary;
  }

  list(datasetId: number): ImportSummary[] {
    return this.#context.imports.list(datasetId, this.#context.images.classCounts(datasetId));
  }

  /** Cancels running imports and waits for them to write what they finished. */
  async stopAll(): Promise<void> {
    const running = [...this.#running.values()];
    for (const { job } of running) job.cancel();
    await Promise.allSettled(running.map(({ done }) => done));
  }
}
