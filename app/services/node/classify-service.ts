/**
 * "Classify a folder": every image under some dropped paths (or a web-mode upload) classified by a
 * run's saved model, as a background job with progress events and cancel; the CLI calls
 * `classify` directly. A job is Running → Done | Cancelled | Failed; the last few finished jobs
 * are kept so the renderer can fetch a result after its `classify.finished` event.
 */
import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { FoveaError, toErrorInfo } from '../../base/common/errors.js';
import type { Logger } from '../../base/common/logger.js';
import type { ConfidenceRule } from '../../engine/common/calibration.js';
import { noConfidenceRule, scaleAll } from '../../engine/common/calibration.js';
import type { EngineHost } from '../../engine/common/engine-host.js';
import type { ModelRef } from '../../engine/common/model-tasks.js';
import type { Fit } from '../../images/common/fit.js';
import type { RunId } from '../../engine/common/run-id.js';
import { findImageFiles } from '../../images/node/image-files.js';
import { importConcurrency } from '../../images/node/import-threads.js';
import type { EventHub } from '../../ipc/common/event-hub.js';
import type { FolderClassification } from '../../library/common/classification.js';
import type { LibraryStores } from '../../library/node/stores.js';
import type { SavedModel } from '../../library/node/model-repository.js';
import type { RunSummary } from '../../library/common/runs.js';
import { tensorDecoding } from './evaluation-service.js';
import { classifyFiles } from './folder-classifier.js';

export interface ClassifyRequest {
  readonly runId: RunId;
  readonly paths?: readonly string[] | undefined;
  readonly uploadId?: string | undefined;
}

export interface ClassifyOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Thumbnails for the table; the CLI does without. */
  readonly isThumbnailWanted?: boolean;
}

export interface ClassifyDependencies {
  readonly stores: Pick<LibraryStores, 'images' | 'uploads'>;
  readonly events: EventHub;
  readonly logger: Logger;
  readonly host: () => EngineHost;
  /** A run's saved model (EvaluationService.modelRef), and the run (how its files decode). */
  readonly findModel: (runId: RunId) => {
    ref: ModelRef;
    saved: SavedModel;
    run?: Pick<RunSummary, 'preset'> & { readonly fit?: Fit | undefined };
  };
  /** The run's "none of these" rule (CalibrationService.rule). */
  readonly confidence: (runId: RunId) => Promise<ConfidenceRule>;
  readonly concurrency?: number;
}

interface Job {
  readonly controller: AbortController;
  readonly done: Promise<FolderClassification>;
  progress: { done: number; total: number };
  result: FolderClassification | null;
  readonly runId: RunId;
}

/** Finished jobs kept for `get`; older ones are forgotten. */
const keptJobs = 8;

export class ClassifyService {
  readonly #deps: ClassifyDependencies;
  readonly #jobs = new Map<number, Job>();
  readonly #concurrency: number;
  #nextId = 1;

  constructor(deps: ClassifyDependencies) {
    this.#deps = deps;
    this.#concurrency = deps.concurrency ?? importConcurrency(availableParallelism());
  }

  /** Classifies every image under `paths` (absolute) with the run's model. */
  async classify(
    runId: RunId,
    paths: readonly string[],
    options: ClassifyOptions = {},
  ): Promise<FolderClassification> {
    const relativePath = paths.find((path) => !isAbsolute(path));
    if (relativePath !== undefined)
      throw new FoveaError('invalid_argument', `Paths must be absolute: "${relativePath}".`);
    const { ref, saved, run } = this.#deps.findModel(runId);
    const decode = tensorDecoding({
      preset: run?.preset ?? null,
      inputSize: saved.inputSize,
      fit: run?.fit,
    });
    const rule = await this.#deps.confidence(runId);
    const files = await findImageFiles(paths);
    options.onProgress?.(0, files.length);
    const classified = await classifyFiles(
      {
        predict: async (pixels, count) => {
          const images = pixels.slice().buffer;
          const result = await this.#deps
            .host()
            .runModelTask({ op: 'predict', model: ref, images, count });
          const probabilities = new Float32Array(result.probabilities);
          return scaleAll(probabilities, saved.classes.length, rule.temperature);
        },
        locate: (hash) => this.#deps.stores.images.locate(hash),
      },
      files,
      {
        size: saved.inputSize,
        decode,
        classes: saved.classes.length,
        concurrency: this.#concurrency,
        isThumbnailWanted: options.isThumbnailWanted ?? false,
        signal: options.signal,
        onProgress: (done) => options.onProgress?.(done, files.length),
      },
    );
    return {
      runId,
      classes: saved.classes,
      inputSize: saved.inputSize,
      rule,
      state: classified.isCancelled ? 'cancelled' : 'done',
      total: files.length,
      done: classified.items.length + classified.refused.length,
      items: classified.items,
      refused: classified.refused,
      message: null,
    };
  }

  /** Starts a job; its progress and end are events, its result is `get(jobId)`. */
  async start(request: ClassifyRequest): Promise<{ jobId: number; done: Promise<unknown> }> {
    this.#deps.findModel(request.runId);
    const { uploads } = this.#deps.stores;
    const paths = request.uploadId ? await uploads.roots(request.uploadId) : (request.paths ?? []);
    const jobId = this.#nextId++;
    const controller = new AbortController();
    const events = this.#deps.events;
    const work = this.classify(request.runId, paths, {
      signal: controller.signal,
      isThumbnailWanted: true,
      onProgress: (done, total) => {
        const job = this.#jobs.get(jobId);
        if (job) job.progress = { done, total };
        events.emit('classify.progress', { jobId, done, total });
      },
    });
    const done = work
      .catch((error: unknown) => this.#failed(request.runId, error))
      .then(async (result) => {
        const job = this.#jobs.get(jobId);
        if (job) job.result = result;
        this.#forgetOld();
        if (request.uploadId) await uploads.remove(request.uploadId);
        events.emit('classify.finished', { jobId, state: result.state });
        return result;
      });
    this.#jobs.set(jobId, {
      controller,
      done,
      progress: { done: 0, total: 0 },
      result: null,
      runId: request.runId,
    });
    return { jobId, done };
  }

  cancel(jobId: number): void {
    this.#jobs.get(jobId)?.controller.abort();
  }

  /** A job's result, or its progress while it runs. */
  get(jobId: number): FolderClassification {
    const job = this.#jobs.get(jobId);
    if (!job) throw new FoveaError('not_found', `There is no classification with id ${jobId}.`);
    if (job.result) return job.result;
    const { saved } = this.#deps.findModel(job.runId);
    return {
      runId: job.runId,
      classes: saved.classes,
      inputSize: saved.inputSize,
      rule: noConfidenceRule,
      state: 'running',
      ...job.progress,
      items: [],
      refused: [],
      message: null,
    };
  }

  async stopAll(): Promise<void> {
    const jobs = [...this.#jobs.values()];
    for (const job of jobs) job.controller.abort();
    await Promise.allSettled(jobs.map((job) => job.done));
  }

  #failed(runId: RunId, error: unknown): FolderClassification {
    this.#deps.logger.error(`classifying with run ${runId} failed`, error);
    return {
      runId,
      classes: [],
      inputSize: 0,
      rule: noConfidenceRule,
      state: 'failed',
      total: 0,
      done: 0,
      items: [],
      refused: [],
      message: toErrorInfo(error).message,
    };
  }

  #forgetOld(): void {
    const finished = [...this.#jobs.entries()].filter(([, job]) => job.result !== null);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - keptJobs)))
      this.#jobs.delete(id);
  }
}
