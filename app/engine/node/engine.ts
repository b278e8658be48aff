/**
 * What the engine process does with each host message: load a backend, train one run at a time
 * (reading the dataset itself from the library database), relay pause/resume/stop, and run
 * model tasks (model-tasks.ts) with the last trained model or a saved one. Transport-free and
 * storage-free: the engine process's entry point (app/services/node/engine-process.ts) wires it to
 * the process and gives it the library's data source.
 */
import type { RunId } from '../common/run-id.js';
import { FoveaError, toErrorInfo } from '../../base/common/errors.js';
import type { ClosableDataSource, OpenDataSource } from '../common/data-source.js';
import type { ModelTask } from '../common/model-tasks.js';
import type { EngineMessage, HostMessage } from '../common/protocol.js';
import * as tf from '@tensorflow/tfjs';

import type { BackendName, BackendRequest, TrainingOutcome } from '../common/training.js';
import type { DataPlan, Split } from '../common/data-source.js';
import { splits } from '../common/data-source.js';
import type { HeadFeatures } from '../common/protocol.js';
import type { FeatureSplit } from './head-run.js';
import { HeadRun } from './head-run.js';
import { FineTuneTrunk } from './fine-tune-trunk.js';
import { ModelTasks } from './model-tasks.js';
import { TrainingRun } from './train.js';
import { folderCheckpoints } from './train-checkpoint.js';
import { TrainingVisuals } from './visuals.js';

export interface EngineOptions {
  readonly send: (message: EngineMessage) => void;
  /** Makes a backend active and says which; the engine trains on whatever tfjs then uses. */
  readonly loadBackend: (requested: BackendRequest) => Promise<BackendName>;
  /** Called after `dispose`, or when the backend cannot load: the process should end. */
  readonly exit: (code: number) => void;
  /** Reads the images of a plan (training batches, evaluated and verified splits). */
  readonly openData: OpenDataSource;
}

export class Engine {
  #backend: BackendName | null = null;
  #run: {
    readonly runId: RunId;
    readonly training: Pick<TrainingRun, 'pause' | 'resume' | 'stop'>;
    readonly visuals: TrainingVisuals | null;
  } | null = null;
  /** Owns the trained model (and models loaded from the library) for `model` tasks. */
  readonly #models: ModelTasks;

  constructor(private readonly options: EngineOptions) {
    this.#models = new ModelTasks(options.openData);
  }

  async handle(message: HostMessage): Promise<void> {
    switch (message.type) {
      case 'init':
        return this.#init(message.backend);
      case 'train':
        return this.#train(message);
      case 'pause':
      case 'resume':
      case 'stop':
        return this.#control(message.type, message.runId);
      case 'probe':
        if (this.#run?.runId === message.runId) this.#run.visuals?.setProbe(message.probe);
        return;
      case 'model':
        return this.#modelTask(message.requestId, message.task);
      case 'dispose':
        return this.#dispose();
    }
  }

  async #init(requested: BackendRequest): Promise<void> {
    try {
      this.#backend = await this.options.loadBackend(requested);
      this.options.send({ type: 'ready', backend: this.#backend });
    } catch (error) {
      this.options.send({ type: 'error', ...toErrorInfo(error) });
      this.options.exit(1);
    }
  }

  async #train(message: Extract<HostMessage, { type: 'train' }>): Promise<void> {
    if (message.head) return this.#trainHead(message, message.head);
    const { requestId, runId, spec, config, plan, checkpoint } = message;
    let data: ClosableDataSource | null = null;
    try {
      if (this.#backend === null)
        throw new FoveaError('internal', 'The engine was asked to train before init.');
      if (this.#run !== null)
        throw new FoveaError('conflict', `Run ${this.#run.runId} is still training.`);
      data = this.options.openData(plan);
      const visuals = message.visuals
        ? new TrainingVisuals({
            spec,
            ...message.visuals,
            emit: (frame) => this.options.send({ type: 'visuals', runId, frame }),
          })
        : null;
      const training = new TrainingRun({
        runId,
        spec,
        config,
        data,
        backend: this.#backend,
        onEvent: (event) => this.options.send({ type: 'event', event }),
        ...(visuals ? { observer: visuals } : {}),
        ...(checkpoint
          ? { checkpoints: folderCheckpoints(checkpoint.dir, checkpoint.isResuming) }
          : {}),
      });
      this.#run = { runId, training, visuals };
      const outcome = await training.run();
      this.#models.adopt(runId, training.model!, { classes: plan.classes, size: plan.size });
      this.options.send({ type: 'result', requestId, value: outcome });
    } catch (error) {
      this.options.send({ type: 'error', requestId, ...toErrorInfo(error) });
    } finally {
      if (this.#run?.runId === runId) this.#run = null;
      data?.close();
    }
  }

  /**
   * A pretrained run: a head on embeddings the host sent. When the host named the backbone, the
   * whole network is built from the head it ended with and kept as the run's model.
   */
  async #trainHead(
    message: Extract<HostMessage, { type: 'train' }>,
    head: HeadFeatures,
  ): Promise<void> {
    const { requestId, runId, config, plan } = message;
    let run: HeadRun | null = null;
    let trunk: FineTuneTrunk | null = null;
    try {
      if (this.#backend === null)
        throw new FoveaError('internal', 'The engine was asked to train before init.');
      if (this.#run !== null)
        throw new FoveaError('conflict', `Run ${this.#run.runId} is still training.`);
      if (head.fineTune !== undefined) {
        trunk = await this.#frozenPart(runId, head);
        if (trunk === null) {
          this.options.send({
            type: 'result',
            requestId,
            value: stoppedBeforeTraining(this.#backend),
          });
          return;
        }
      }
      run = new HeadRun({
        runId,
        classes: plan.classes,
        dimension: head.dimension,
        features: headSplits(plan, head),
        config,
        ...(head.recipe ? { recipe: head.recipe } : {}),
        ...(trunk ? { trunk } : {}),
        backend: this.#backend,
        onEvent: (event) => this.options.send({ type: 'event', event }),
      });
      this.#run = { runId, training: run, visuals: null };
      const outcome = await run.run();
      if (head.backbone !== undefined && outcome.epochsRun > 0) {
        const tuned = trunk?.foldedWeights();
        try {
          await this.#models.adoptHead(runId, head.backbone, run.headLayers(), plan.classes, tuned);
        } finally {
          for (const weights of tuned?.values() ?? []) tf.dispose([weights.kernel, weights.bias]);
        }
      }
      this.options.send({ type: 'result', requestId, value: outcome });
    } catch (error) {
      this.options.send({ type: 'error', requestId, ...toErrorInfo(error) });
    } finally {
      if (this.#run?.runId === runId) this.#run = null;
      run?.dispose();
      trunk?.dispose();
    }
  }

  /**
   * Runs the originals through the backbone's frozen part, stoppable between batches (a pause
   * waits until training starts); null when stopped.
   */
  async #frozenPart(runId: RunId, head: HeadFeatures): Promise<FineTuneTrunk | null> {
    const { fineTune, backbone, recipe } = head;
    if (fineTune === undefined || backbone === undefined)
      throw new FoveaError('invalid_argument', 'Fine-tuning needs the backbone it starts from.');
    let isStopped = false;
    const stop = () => void (isStopped = true);
    this.#run = { runId, training: { pause() {}, resume() {}, stop }, visuals: null };
    try {
      const loaded = await this.#models.loadedBackbone(backbone.dir, backbone.layers);
      return await FineTuneTrunk.create({
        backbone: loaded,
        layers: recipe?.layers ?? backbone.layers,
        blocks: fineTune.blocks,
        originals: fineTune.originals,
        isStopped: () => isStopped,
        yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
      });
    } finally {
      this.#run = null;
    }
  }

  #control(action: 'pause' | 'resume' | 'stop', runId: RunId): void {
    const run = this.#run;
    // A late message for a run that already ended is harmless.
    if (run?.runId !== runId) return;
    run.training[action]();
  }

  async #modelTask(requestId: number, task: ModelTask): Promise<void> {
    try {
      const result = await this.#models.run(task);
      this.options.send({ type: 'result', requestId, value: result });
    } catch (error) {
      this.options.send({ type: 'error', requestId, ...toErrorInfo(error) });
    }
  }

  #dispose(): void {
    this.#run?.training.stop();
    this.#models.dispose();
    this.options.exit(0);
  }
}

/** The outcome of a fine-tuning run stopped before its first step. */
function stoppedBeforeTraining(backend: BackendName): TrainingOutcome {
  return {
    state: 'stopped',
    epochsRun: 0,
    steps: 0,
    keptEpoch: null,
    keptValLoss: null,
    stoppedEarly: false,
    test: null,
    backend,
  };
}

/** Each split's embeddings with the plan's labels; a split whose sizes disagree is refused. */
function headSplits(plan: DataPlan, head: HeadFeatures): Record<Split, FeatureSplit> {
  const entries = splits.map((split): [Split, FeatureSplit] => {
    const items = plan.splits[split];
    const x = new Float32Array(head.features[split]);
    if (x.length !== items.length * head.dimension)
      throw new FoveaError(
        'invalid_argument',
        `The ${split} split has ${items.length} images but ${x.length / head.dimension} embeddings.`,
      );
    const y = Int32Array.from(items, (item) => item.label);
    const flipped = split === 'train' && head.flippedTrain && new Float32Array(head.flippedTrain);
    if (flipped && flipped.length !== x.length)
      throw new FoveaError(
        'invalid_argument',
        `The training split has ${x.length / head.dimension} embeddings but ${flipped.length / head.dimension} flipped ones.`,
      );
    return [split, flipped ? { x, y, flipped } : { x, y }];
  });
  return Object.fromEntries(entries) as Record<Split, FeatureSplit>;
}
