/**
 * Training runs: builds the data plan from the library, records the run, drives the engine host,
 * persists metrics as they come, and fans the engine's events out to the transports. A run whose
 * engine dies is marked failed with the reason; the next run starts a fresh engine.
 */
import type { EngineHost } from '../../engine/common/engine-host.js';
import type { PresetId } from '../../engine/common/presets.js';
import { defaultTrainingConfig, findPreset } from '../../engine/common/presets.js';
import type { ModelSpec } from '../../engine/common/spec.js';
import { validateModelSpec } from '../../engine/common/spec.js';
import type {
  TrainingConfig,
  TrainingEvent,
  TrainingOutcome,
} from '../../engine/common/training.js';
import { validateTrainingConfig } from '../../engine/common/training.js';
import type { VisualFrame } from '../../engine/common/visuals.js';
import { FoveaError, toErrorInfo } from '../../base/common/errors.js';
import type { EventHub } from '../../ipc/common/event-hub.js';
import type { RunDetail, RunSummary } from '../../library/common/runs.js';
import type { RunRepository } from '../../library/node/run-repository.js';
import type { LibraryContext } from './library-context.js';
import { databasePath } from './library-context.js';
import { ensureTensors } from './tensor-cache.js';
import { buildPlan } from './training-plan.js';
import type { RunWatcher } from './watch-service.js';

export interface StartTraining {
  readonly datasetId: number;
  readonly presetId?: PresetId | undefined;
  /** A custom model; overrides the preset. */
  readonly spec?: ModelSpec | undefined;
  /** Overrides of the default recipe. */
  readonly config?: Partial<TrainingConfig> | undefined;
  /** Live filters and feature maps, and their snapshots; on unless false. */
  readonly visuals?: boolean | undefined;
  /** Input side; the dataset's own size when left out (call `prepareSize` first for another). */
  readonly size?: number | undefined;
}

/** Batch metrics are kept at most this often (the curves need no more). */
const batchMetricEveryMs = 1000;

export class TrainingService {
  readonly #context: LibraryContext;
  readonly #runs: RunRepository;
  readonly #events: EventHub;
  readonly #host: () => EngineHost;
  readonly #active = new Map<number, Promise<TrainingOutcome | null>>();
  readonly #watcher: RunWatcher | undefined;
  /** Runs after a run completed or stopped, before `runs.changed` (saves its model); never throws. */
  #afterRun: ((runId: number) => Promise<unknown>) | null = null;

  constructor(
    context: LibraryContext,
    runs: RunRepository,
    events: EventHub,
    host: () => EngineHost,
    watcher?: RunWatcher,
  ) {
    this.#watcher = watcher;
    this.#context = context;
    this.#runs = runs;
    this.#events = events;
    this.#host = host;
  }

  afterEachRun(hook: (runId: number) => Promise<unknown>): void {
    this.#afterRun = hook;
  }

  /** Starts a run in the background; resolves with its id once it is recorded. */
  start(request: StartTraining): { runId: number; done: Promise<TrainingOutcome | null> } {
    const dataset = this.#context.library.getDataset(request.datasetId);
    const presetId = request.spec ? null : (request.presetId ?? 'fovea-default');
    const classes = dataset.classes.filter((c) => c.imageCount > 0).length;
    const spec = request.spec ?? findPreset(presetId ?? 'fovea-default').spec(classes);
    const config: TrainingConfig = { ...defaultTrainingConfig, ...request.config };
    const size = request.size ?? dataset.inputSize;
    const issues = [
      ...validateModelSpec(spec, { size, classes }),
      ...validateTrainingConfig(config),
    ];
    if (issues.length > 0) throw new FoveaError('invalid_argument', issues.join('; '));
    const plan = buildPlan(
      dataset,
      this.#context.images,
      databasePath(this.#context.dir),
      config.seed,
      size,
    );
    const runId = this.#runs.create({
      datasetId: dataset.id,
      preset: presetId,
      spec,
      config,
      classes: plan.classes,
      inputSize: plan.size,
      trainCount: plan.splits.train.length,
      valCount: plan.splits.val.length,
      testCount: plan.splits.test.length,
    });
    this.#events.emit('runs.changed', { datasetId: dataset.id, runId });
    const totalSteps = Math.ceil(plan.splits.train.length / config.batchSize) * config.epochs;
    const visuals =
      request.visuals === false
        ? undefined
        : this.#watcher?.begin(runId, dataset.id, plan, totalSteps);
    const done = this.#drive(runId, dataset.id, {
      runId: String(runId),
      spec,
      config,
      plan,
      ...(visuals ? { visuals } : {}),
    });
    this.#active.set(runId, done);
    void done.finally(() => this.#active.delete(runId));
    return { runId, done };
  }

  /** Makes the training tensors of another input size (from the originals); returns how many. */
  prepareSize(datasetId: number, size: number): Promise<number> {
    return ensureTensors(this.#context, datasetId, size);
  }

  pause(runId: number): void {
    this.#assertActive(runId);
    this.#host().pause(String(runId));
  }

  resume(runId: number): void {
    this.#assertActive(runId);
    this.#host().resume(String(runId));
  }

  stop(runId: number): void {
    this.#assertActive(runId);
    this.#host().stop(String(runId));
  }

  list(datasetId: number): RunSummary[] {
    return this.#runs.list(datasetId);
  }

  detail(runId: number): RunDetail {
    const detail = this.#runs.detail(runId);
    if (!detail) throw new FoveaError('not_found', `There is no run with id ${runId}.`);
    return detail;
  }

  delete(runId: number): void {
    if (this.#active.has(runId))
      throw new FoveaError('conflict', 'Stop the run before deleting it.');
    if (!this.#runs.delete(runId))
      throw new FoveaError('not_found', `There is no run with id ${runId}.`);
  }

  /** Stops every active run and waits for them to settle (on quit). */
  async stopAll(): Promise<void> {
    for (const runId of this.#active.keys()) this.#host().stop(String(runId));
    await Promise.allSettled(this.#active.values());
  }

  #assertActive(runId: number): void {
    if (!this.#active.has(runId)) throw new FoveaError('conflict', `Run ${runId} is not training.`);
  }

  async #drive(
    runId: number,
    datasetId: number,
    request: Parameters<EngineHost['train']>[0],
  ): Promise<TrainingOutcome | null> {
    let lastBatchMetricAt = -Infinity;
    const onEvent = (event: TrainingEvent): void => {
      lastBatchMetricAt = this.#record(runId, event, lastBatchMetricAt);
      this.#events.emit('training.event', { runId, datasetId, event });
    };
    try {
      const onFrame = (frame: VisualFrame): void => this.#watcher?.onFrame(runId, datasetId, frame);
      const outcome = await this.#host().train(request, onEvent, onFrame);
      this.#runs.finish(runId, {
        status: outcome.state,
        backend: outcome.backend,
        epochsRun: outcome.epochsRun,
        keptEpoch: outcome.keptEpoch,
        keptValLoss: outcome.keptValLoss,
        test: outcome.test,
      });
      await this.#afterRun?.(runId);
      return outcome;
    } catch (error) {
      this.#runs.finish(runId, { status: 'failed', message: toErrorInfo(error).message });
      return null;
    } finally {
      this.#watcher?.end(runId);
      this.#events.emit('runs.changed', { datasetId, runId });
    }
  }

  /** Persists what an event says; returns when a batch metric was last kept. */
  #record(runId: number, event: TrainingEvent, lastBatchMetricAt: number): number {
    switch (event.kind) {
      case 'state':
        if (event.state === 'training' || event.state === 'paused')
          this.#runs.setStatus(runId, event.state);
        return lastBatchMetricAt;
      case 'progress': {
        const now = performance.now();
        this.#runs.setBackend(runId, event.backend);
        this.#runs.recordProgress(runId, event.imagesPerSecond, event.epoch - 1, null);
        if (now - lastBatchMetricAt < batchMetricEveryMs) return lastBatchMetricAt;
        this.#runs.addMetric(runId, {
          kind: 'batch',
          step: event.step,
          epoch: event.epoch,
          loss: event.loss,
          accuracy: event.accuracy,
          valLoss: null,
          valAccuracy: null,
          imagesPerSecond: event.imagesPerSecond,
        });
        return now;
      }
      case 'epoch':
        this.#runs.addMetric(runId, {
          kind: 'epoch',
          step: event.epoch,
          epoch: event.epoch,
          loss: event.trainLoss,
          accuracy: event.trainAccuracy,
          valLoss: event.valLoss,
          valAccuracy: event.valAccuracy,
          imagesPerSecond: null,
        });
        this.#runs.recordProgress(
          runId,
          null,
          event.epoch,
          event.isKept ? event.valAccuracy : null,
        );
        return lastBatchMetricAt;
      case 'final':
        return lastBatchMetricAt;
    }
  }
}
