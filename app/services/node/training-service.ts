/**
 * Training runs: builds the data plan from the library, records the run, drives the engine host,
 * persists metrics as they come, and fans the engine's events out to the transports. A run whose
 * engine dies is marked failed with the reason; the next run starts a fresh engine.
 */
import type { TrainingOptions, TrainingPlanCounts } from '../../ipc/common/contract.js';
import type { EngineHost } from '../../engine/common/engine-host.js';
import { EngineExitedError } from '../../engine/common/engine-host.js';
import type {
  Backbone,
  BackboneId,
  PretrainedRecipe,
  StartFrom,
} from '../../engine/common/backbones.js';
import { findBackbone, headTrainingConfig } from '../../engine/common/backbones.js';
import type { ResolvedRecipe } from '../../engine/common/pretrained-recipe.js';
import { recipeIssues, resolveRecipe } from '../../engine/common/pretrained-recipe.js';
import type { PresetId } from '../../engine/common/presets.js';
import { defaultTrainingConfig, findPreset, presets } from '../../engine/common/presets.js';
import type { RunId } from '../../engine/common/run-id.js';
import type { DataPlan, Split } from '../../engine/common/data-source.js';
import type { ModelSpec, ModelSummary } from '../../engine/common/spec.js';
import { describeModel, validateModelSpec } from '../../engine/common/spec.js';
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
import { classesWithImages, minimumTrainingClasses } from '../../library/common/trainable.js';
import type { LibraryStores } from '../../library/node/stores.js';
import type { ModelFolders } from './model-folders.js';
import type { RunCheckpoints } from './run-checkpoints.js';
import { reopenFromCheckpoint } from './run-checkpoints.js';
import type { EmbeddingProgress } from './plan-embeddings.js';
import { embedPlan } from './plan-embeddings.js';
import { ensureTensors } from './tensor-cache.js';
import { buildPlan, planCounts } from './training-plan.js';
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
  /** A network from scratch (the default), or a head on a backbone's embeddings. */
  readonly from?: StartFrom | undefined;
  /** How a pretrained run trains (ignored from scratch); defaults in pretrained-recipe.ts. */
  readonly pretrained?: PretrainedRecipe | undefined;
}

/** Batch metrics are kept at most this often (the curves need no more). */
const batchMetricEveryMs = 1000;

export interface TrainingDependencies {
  readonly stores: Pick<
    LibraryStores,
    'datasets' | 'images' | 'runs' | 'tensors' | 'blobs' | 'snapshots' | 'embeddings'
  >;
  /** The folder of a bundled backbone; pretrained runs are refused without it. */
  readonly backboneDir?: ((id: BackboneId) => string) | undefined;
  /** The library database, which the engine opens to read a plan's tensors. */
  readonly dbPath: string;
  readonly models: ModelFolders;
  /** Where the engine keeps each run's checkpoint; none are kept when left out. */
  readonly checkpoints?: RunCheckpoints | undefined;
  readonly events: EventHub;
  /** The engine host, made on first use. */
  readonly host: () => EngineHost;
  readonly watcher?: RunWatcher | undefined;
  /** Runs after a run completed or stopped, before `runs.changed` (saves its model); never throws. */
  readonly afterRun?: ((runId: RunId) => Promise<unknown>) | undefined;
  /** Throws when the library may not be written (damaged, or opened read-only). */
  readonly assertWritable?: (() => void) | undefined;
}

export class TrainingService {
  readonly #stores: TrainingDependencies['stores'];
  readonly #deps: TrainingDependencies;
  readonly #active = new Map<RunId, Promise<TrainingOutcome | null>>();
  /** Pretrained runs still embedding, and whether a stop was asked for. */
  readonly #embedding = new Map<RunId, { isStopped: boolean }>();
  /** Set on quit: runs stopped then end interrupted, to be continued from their checkpoint. */
  #isClosing = false;

  constructor(deps: TrainingDependencies) {
    this.#deps = deps;
    this.#stores = deps.stores;
  }

  /** The presets sized for a dataset's classes, the default recipe and the input. */
  options(datasetId: number): TrainingOptions {
    const input = this.#inputOf(datasetId);
    return {
      presets: presets.map((preset) => {
        const spec = preset.spec(input.classes);
        return {
          id: preset.id,
          name: preset.name,
          description: preset.description,
          spec,
          summary: describeModel(spec, input),
        };
      }),
      defaultPreset: 'fovea-default',
      config: defaultTrainingConfig,
      inputSize: input.size,
      classes: input.classes,
    };
  }

  /** The images a run started now would use (the counts shown before Start). */
  planCounts(datasetId: number): TrainingPlanCounts {
    const dataset = this.#stores.datasets.getDataset(datasetId);
    return planCounts(dataset, this.#stores.images, defaultTrainingConfig.seed);
  }

  /** Output shapes and parameter counts of a spec on a dataset's input. */
  summarize(datasetId: number, spec: ModelSpec): ModelSummary {
    return describeModel(spec, this.#inputOf(datasetId));
  }

  /** Starts a run in the background; resolves with its id once it is recorded. */
  start(request: StartTraining): { runId: RunId; done: Promise<TrainingOutcome | null> } {
    this.#deps.assertWritable?.();
    if (request.from !== undefined && request.from !== 'scratch')
      return this.#startPretrained(request, request.from);
    const dataset = this.#stores.datasets.getDataset(request.datasetId);
    const presetId = request.spec ? null : (request.presetId ?? 'fovea-default');
    const classes = classesWithImages(dataset).length;
    const spec = request.spec ?? findPreset(presetId ?? 'fovea-default').spec(classes);
    const config: TrainingConfig = { ...defaultTrainingConfig, ...request.config };
    const size = request.size ?? dataset.inputSize;
    const issues = [
      ...validateModelSpec(spec, { size, classes }),
      ...validateTrainingConfig(config),
    ];
    if (issues.length > 0) throw new FoveaError('invalid_argument', issues.join('; '));
    const plan = buildPlan(dataset, this.#stores.images, this.#deps.dbPath, config.seed, size);
    const runId = this.#stores.runs.create({
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
    return { runId, done: this.#launch(runId, dataset.id, spec, config, plan, request.visuals) };
  }

  /**
   * Continues an interrupted run from its checkpoint, to the same last epoch, recording the rest
   * of its metrics under the same run. Resolves once it is under way again.
   */
  async continue(runId: RunId): Promise<{ runId: RunId; done: Promise<TrainingOutcome | null> }> {
    this.#deps.assertWritable?.();
    const checkpoints = this.#deps.checkpoints;
    if (checkpoints === undefined)
      throw new FoveaError('unsupported', 'Runs cannot be continued here.');
    if (this.#active.has(runId)) throw new FoveaError('conflict', `Run ${runId} is training.`);
    const run = this.detail(runId);
    const { plan } = await reopenFromCheckpoint(this.#stores, checkpoints, this.#deps.dbPath, run);
    const done = this.#launch(runId, run.datasetId, run.spec, run.config, plan, true, true);
    return { runId, done };
  }

  #launch(
    runId: RunId,
    datasetId: number,
    spec: ModelSpec,
    config: TrainingConfig,
    plan: DataPlan,
    isWatched: boolean | undefined,
    isResuming = false,
  ): Promise<TrainingOutcome | null> {
    this.#deps.events.emit('runs.changed', { datasetId, runId });
    const totalSteps = Math.ceil(plan.splits.train.length / config.batchSize) * config.epochs;
    const visuals =
      isWatched === false
        ? undefined
        : this.#deps.watcher?.begin(runId, datasetId, plan, totalSteps);
    const checkpoints = this.#deps.checkpoints;
    const done = this.#drive(runId, datasetId, {
      runId,
      spec,
      config,
      plan,
      ...(visuals ? { visuals } : {}),
      ...(checkpoints ? { checkpoint: { dir: checkpoints.dirOf(runId), isResuming } } : {}),
    });
    this.#active.set(runId, done);
    void done.finally(() => this.#active.delete(runId));
    return done;
  }

  /** Makes the training tensors of another input size (from the originals); returns how many. */
  prepareSize(datasetId: number, size: number): Promise<number> {
    return ensureTensors(this.#stores, datasetId, size);
  }

  pause(runId: RunId): void {
    this.#assertActive(runId);
    this.#deps.host().pause(runId);
  }

  resume(runId: RunId): void {
    this.#assertActive(runId);
    this.#deps.host().resume(runId);
  }

  stop(runId: RunId): void {
    this.#assertActive(runId);
    this.#stopRun(runId);
  }

  /** A run still embedding stops between batches; one training stops in the engine. */
  #stopRun(runId: RunId): void {
    const embedding = this.#embedding.get(runId);
    if (embedding !== undefined) embedding.isStopped = true;
    else this.#deps.host().stop(runId);
  }

  /** A head on a backbone's embeddings: embeds what the cache lacks, then trains the head. */
  #startPretrained(
    request: StartTraining,
    from: BackboneId,
  ): { runId: RunId; done: Promise<TrainingOutcome | null> } {
    const backbone = findBackbone(from);
    if (backbone === undefined || this.#deps.backboneDir === undefined)
      throw new FoveaError('unsupported', `Fovea cannot start from ${from} here.`);
    const dataset = this.#stores.datasets.getDataset(request.datasetId);
    const config: TrainingConfig = {
      ...defaultTrainingConfig,
      ...headTrainingConfig,
      ...request.config,
    };
    const issues = [
      ...validateTrainingConfig(config),
      ...recipeIssues(request.pretrained ?? {}, backbone),
    ];
    if (issues.length > 0) throw new FoveaError('invalid_argument', issues.join('; '));
    const recipe = resolveRecipe(request.pretrained ?? {}, backbone);
    const size = dataset.inputSize;
    const plan = buildPlan(dataset, this.#stores.images, this.#deps.dbPath, config.seed, size);
    const spec: ModelSpec = { name: `${backbone.name} + ${headName(recipe)}`, layers: [] };
    const runId = this.#stores.runs.create({
      datasetId: dataset.id,
      preset: backbone.id,
      spec,
      config,
      classes: plan.classes,
      inputSize: backbone.inputSize,
      trainCount: plan.splits.train.length,
      valCount: plan.splits.val.length,
      testCount: plan.splits.test.length,
      pretrained: recipe,
    });
    const done = this.#embedThenTrain(runId, dataset.id, { spec, config, plan, recipe }, backbone);
    this.#active.set(runId, done);
    void done.finally(() => this.#active.delete(runId));
    return { runId, done };
  }

  #embedThenTrain(
    runId: RunId,
    datasetId: number,
    run: { spec: ModelSpec; config: TrainingConfig; plan: DataPlan; recipe: ResolvedRecipe },
    backbone: Backbone,
  ): Promise<TrainingOutcome | null> {
    this.#deps.events.emit('runs.changed', { datasetId, runId });
    const state = { isStopped: false };
    this.#embedding.set(runId, state);
    const options = {
      stores: this.#stores,
      host: this.#deps.host,
      backbone,
      backboneDir: this.#deps.backboneDir!(backbone.id),
      layers: run.recipe.layers,
      withFlipped: run.recipe.flip,
      isStopped: () => state.isStopped,
      onProgress: (progress: EmbeddingProgress) =>
        this.#deps.events.emit('training.embedding', { runId, datasetId, ...progress }),
    };
    // Begun on the next tick, so a caller that listens right after `start` sees every report.
    return Promise.resolve()
      .then(() => embedPlan(run.plan, options))
      .finally(() => this.#embedding.delete(runId))
      .then((features) => {
        if (features === null) return this.#stopBeforeHead(runId, datasetId);
        const { spec, config, plan, recipe } = run;
        // Named so the engine builds the whole network as the run's model at the end.
        const whole = { dir: options.backboneDir, layers: recipe.layers };
        const fineTune =
          recipe.fineTune > 0
            ? { fineTune: { blocks: recipe.fineTune, originals: originalsOf(this.#stores, plan) } }
            : {};
        const head = { ...features, recipe, backbone: whole, ...fineTune };
        return this.#drive(runId, datasetId, { runId, spec, config, plan, head });
      })
      .catch((error: unknown) => {
        this.#stores.runs.finish(runId, { status: 'failed', message: toErrorInfo(error).message });
        this.#deps.events.emit('runs.changed', { datasetId, runId });
        return null;
      });
  }

  /** A pretrained run stopped while embedding: what is embedded stays cached. */
  #stopBeforeHead(runId: RunId, datasetId: number): null {
    this.#stores.runs.finish(runId, {
      status: 'stopped',
      backend: null,
      epochsRun: 0,
      keptEpoch: null,
      keptValLoss: null,
      test: null,
    });
    this.#deps.events.emit('runs.changed', { datasetId, runId });
    return null;
  }

  list(datasetId: number): RunSummary[] {
    return this.#stores.runs.list(datasetId);
  }

  detail(runId: RunId): RunDetail {
    const detail = this.#stores.runs.detail(runId);
    if (!detail) throw new FoveaError('not_found', `There is no run with id ${runId}.`);
    return detail;
  }

  /** Deletes a finished run with its metrics, snapshots and saved model. */
  async delete(runId: RunId): Promise<void> {
    if (this.#active.has(runId))
      throw new FoveaError('conflict', 'Stop the run before deleting it.');
    // Read before the delete: the run's models row goes with it.
    const modelDir = this.#deps.models.dirOf(runId);
    if (!this.#stores.runs.delete(runId))
      throw new FoveaError('not_found', `There is no run with id ${runId}.`);
    if (modelDir) await this.#deps.models.remove(modelDir);
    await this.#deps.checkpoints?.remove(runId);
  }

  /**
   * Stops every active run and waits for them to settle (on quit). A run with a checkpoint ends
   * interrupted, so it can be continued next time; one without ends stopped, as before.
   */
  async stopAll(): Promise<void> {
    this.#isClosing = true;
    for (const runId of this.#active.keys()) this.#stopRun(runId);
    await Promise.allSettled(this.#active.values());
  }

  /** The input a dataset's models take; never fewer than two classes, so a preset can be shown. */
  #inputOf(datasetId: number): { size: number; classes: number } {
    const dataset = this.#stores.datasets.getDataset(datasetId);
    const classes = classesWithImages(dataset).length;
    return { size: dataset.inputSize, classes: Math.max(minimumTrainingClasses, classes) };
  }

  #assertActive(runId: RunId): void {
    if (!this.#active.has(runId)) throw new FoveaError('conflict', `Run ${runId} is not training.`);
  }

  async #drive(
    runId: RunId,
    datasetId: number,
    request: Parameters<EngineHost['train']>[0],
  ): Promise<TrainingOutcome | null> {
    let lastBatchMetricAt = -Infinity;
    const onEvent = (event: TrainingEvent): void => {
      lastBatchMetricAt = this.#record(runId, event, lastBatchMetricAt);
      this.#deps.events.emit('training.event', { runId, datasetId, event });
    };
    try {
      const onFrame = (frame: VisualFrame): void =>
        this.#deps.watcher?.onFrame(runId, datasetId, frame);
      const outcome = await this.#deps.host().train(request, onEvent, onFrame);
      if (outcome.state === 'stopped' && this.#isClosing && this.#hasCheckpoint(runId)) {
        this.#stores.runs.interrupt(runId, 'Fovea was closed while this run was training.');
        return null;
      }
      this.#stores.runs.finish(runId, {
        status: outcome.state,
        backend: outcome.backend,
        epochsRun: outcome.epochsRun,
        keptEpoch: outcome.keptEpoch,
        keptValLoss: outcome.keptValLoss,
        test: outcome.test,
      });
      await this.#dropCheckpoint(runId);
      await this.#deps.afterRun?.(runId);
      return outcome;
    } catch (error) {
      const { message } = toErrorInfo(error);
      if (error instanceof EngineExitedError && this.#hasCheckpoint(runId)) {
        this.#stores.runs.interrupt(runId, message);
        return null;
      }
      this.#stores.runs.finish(runId, { status: 'failed', message });
      await this.#dropCheckpoint(runId);
      return null;
    } finally {
      this.#deps.watcher?.end(runId);
      this.#deps.events.emit('runs.changed', { datasetId, runId });
    }
  }

  #hasCheckpoint(runId: RunId): boolean {
    return (this.#stores.runs.get(runId)?.checkpointEpoch ?? null) !== null;
  }

  /** A run over for good needs its checkpoint no more. */
  async #dropCheckpoint(runId: RunId): Promise<void> {
    this.#stores.runs.setCheckpoint(runId, null);
    await this.#deps.checkpoints?.remove(runId);
  }

  /** Persists what an event says; returns when a batch metric was last kept. */
  #record(runId: RunId, event: TrainingEvent, lastBatchMetricAt: number): number {
    switch (event.kind) {
      case 'state':
        if (event.state === 'training' || event.state === 'paused')
          this.#stores.runs.setStatus(runId, event.state);
        return lastBatchMetricAt;
      case 'progress': {
        const now = performance.now();
        this.#stores.runs.setBackend(runId, event.backend);
        this.#stores.runs.recordProgress(runId, event.imagesPerSecond, event.epoch - 1, null);
        if (now - lastBatchMetricAt < batchMetricEveryMs) return lastBatchMetricAt;
        this.#stores.runs.addMetric(runId, {
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
        this.#stores.runs.addMetric(runId, {
          kind: 'epoch',
          step: event.epoch,
          epoch: event.epoch,
          loss: event.trainLoss,
          accuracy: event.trainAccuracy,
          valLoss: event.valLoss,
          valAccuracy: event.valAccuracy,
          imagesPerSecond: null,
        });
        this.#stores.runs.recordProgress(
          runId,
          null,
          event.epoch,
          event.isKept ? event.valAccuracy : null,
        );
        // The engine writes an epoch's checkpoint before its event.
        if (this.#deps.checkpoints) this.#stores.runs.setCheckpoint(runId, event.epoch);
        return lastBatchMetricAt;
      case 'final':
        return lastBatchMetricAt;
    }
  }
}

/** The head as a run's model name says it. */
function headName(recipe: ResolvedRecipe): string {
  const head =
    recipe.hidden > 0 ? `MLP head (${recipe.hidden} hidden)` : 'logistic regression head';
  return recipe.fineTune > 0 ? `${head}, last ${recipe.fineTune} blocks fine-tuned` : head;
}

/** Each split's original image files, in the plan's order (what fine-tuning runs through). */
function originalsOf(
  stores: Pick<LibraryStores, 'images' | 'blobs'>,
  plan: DataPlan,
): Record<Split, string[]> {
  const pathOf = (imageId: number): string => {
    const image = stores.images.detail(imageId);
    if (image === undefined) throw new FoveaError('not_found', `Image ${imageId} is gone.`);
    return stores.blobs.path(image.hash);
  };
  return {
    train: plan.splits.train.map((item) => pathOf(item.imageId)),
    val: plan.splits.val.map((item) => pathOf(item.imageId)),
    test: plan.splits.test.map((item) => pathOf(item.imageId)),
  };
}
