/**
 * One training run: batches from a DataSource, reshuffled each epoch with the run's seed, augmented
 * on the fly, at the learning rate of the run's schedule; validation after each epoch, early
 * stopping on validation loss, the best or the last epoch's weights kept; a test report at the
 * end. Events go to `onEvent` (progress throttled to ~125 ms).
 *
 *   Idle ──► Preparing ──► Training ◄──► Paused
 *                │             │           │
 *                ▼             ▼           ▼
 *              Failed    Completed | Failed | Stopped
 *
 * Between batches the loop yields to the event loop, which is where pause and stop (delivered as
 * messages) get in: pause waits before the next batch, stop ends the run after the current one.
 */
import type { RunId } from '../common/run-id.js';
import type * as tf from '@tensorflow/tfjs';
import { FoveaError } from '../../base/common/errors.js';
import type { DataSource } from '../common/data-source.js';
import { shuffledRange } from '../../base/common/random.js';
import type { ModelSpec } from '../common/spec.js';
import type { Clock } from '../common/throttle.js';
import { Throttle } from '../common/throttle.js';
import type {
  BackendName,
  TestReport,
  TrainingConfig,
  TrainingEvent,
  TrainingOutcome,
  TrainingState,
} from '../common/training.js';
import { learningRateAt, validateTrainingConfig } from '../common/training.js';
import type { Evaluation } from './evaluate.js';
import { evaluateSplit } from './evaluate.js';
import { buildModel } from './model.js';
import type { TrainingObserver } from './visuals.js';
import type { EpochRecord } from './checkpoint-file.js';
import type { Progress, RunCheckpoints, RunRandoms } from './train-checkpoint.js';
import {
  captureCheckpoint,
  freshProgress,
  freshRandoms,
  restoreCheckpoint,
} from './train-checkpoint.js';
import type { ScheduledOptimizer, StepContext } from './train-step.js';
import { createOptimizer, restoreWeights, snapshotWeights, trainStep } from './train-step.js';

export interface TrainingRunOptions {
  readonly runId: RunId;
  readonly spec: ModelSpec;
  readonly config: TrainingConfig;
  readonly data: DataSource;
  readonly backend: BackendName;
  readonly onEvent: (event: TrainingEvent) => void;
  /** Milliseconds; `performance.now` unless a test injects its own. */
  readonly clock?: Clock;
  readonly progressIntervalMs?: number;
  /** Lets messages (pause, stop) in between batches; `setImmediate` unless injected. */
  readonly yieldToEventLoop?: () => Promise<void>;
  /** Sees the model at the start, after each step and each epoch (filters, feature maps). */
  readonly observer?: TrainingObserver;
  /** Saved at each epoch's end; a run that finds one to load resumes from it. */
  readonly checkpoints?: RunCheckpoints;
}

type RunState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'preparing' }
  | { readonly kind: 'training' }
  | { readonly kind: 'paused'; readonly resume: () => void }
  | { readonly kind: 'completed'; readonly outcome: TrainingOutcome }
  | { readonly kind: 'stopped'; readonly outcome: TrainingOutcome }
  | { readonly kind: 'failed'; readonly message: string };

interface EpochTotals {
  lossSum: number;
  correct: number;
  seen: number;
  batches: number;
}

const defaultYield = () => new Promise<void>((resolve) => setImmediate(resolve));

export class TrainingRun {
  #state: RunState = { kind: 'idle' };
  #seq = 0;
  #isPauseRequested = false;
  #isStopRequested = false;
  #model: tf.LayersModel | null = null;
  readonly #clock: Clock;
  readonly #throttle: Throttle;
  readonly #yield: () => Promise<void>;

  constructor(private readonly options: TrainingRunOptions) {
    this.#clock = options.clock ?? (() => performance.now());
    this.#throttle = new Throttle(options.progressIntervalMs ?? 125, this.#clock);
    this.#yield = options.yieldToEventLoop ?? defaultYield;
  }

  get state(): TrainingState {
    return this.#state.kind;
  }

  /** The trained model (the kept epoch's weights), once the run completed or stopped; the caller disposes it. */
  get model(): tf.LayersModel | null {
    return this.#model;
  }

  pause(): void {
    if (this.#state.kind === 'training' || this.#state.kind === 'preparing')
      this.#isPauseRequested = true;
  }

  resume(): void {
    this.#isPauseRequested = false;
    if (this.#state.kind === 'paused') this.#state.resume();
  }

  stop(): void {
    this.#isStopRequested = true;
    if (this.#state.kind === 'paused') this.#state.resume();
  }

  async run(): Promise<TrainingOutcome> {
    if (this.#state.kind !== 'idle')
      throw new FoveaError('conflict', `Run ${this.options.runId} has already run.`);
    this.#enter({ kind: 'preparing' });
    let optimizer: ScheduledOptimizer | null = null;
    try {
      const { config, data } = this.options;
      this.#checkInputs();
      const model = buildModel(
        this.options.spec,
        { size: data.size, classes: data.classes.length },
        config.seed,
      );
      this.#model = model;
      optimizer = createOptimizer(config);
      const { progress, randoms } = await this.#startingPoint(model, optimizer);
      const context: StepContext = {
        model,
        optimizer,
        classes: data.classes.length,
        size: data.size,
        config,
        random: randoms.augment,
      };
      this.#enter({ kind: 'training' });
      const batches = Math.ceil(data.count('train') / config.batchSize);
      const resumedAt =
        progress.epochsRun > 0 ? { step: progress.step, epoch: progress.epochsRun } : undefined;
      this.options.observer?.start(model, batches * config.epochs, resumedAt);
      const outcome = await this.#fit(context, randoms, progress);
      this.#emit({ kind: 'final', ...outcome });
      this.#enter(
        outcome.state === 'completed'
          ? { kind: 'completed', outcome }
          : { kind: 'stopped', outcome },
      );
      return outcome;
    } catch (error) {
      this.#model?.dispose();
      this.#model = null;
      const message = error instanceof Error ? error.message : String(error);
      this.#enter({ kind: 'failed', message });
      throw error;
    } finally {
      optimizer?.dispose();
    }
  }

  /** A fresh start, or where the run's checkpoint left it. */
  async #startingPoint(
    model: tf.LayersModel,
    optimizer: ScheduledOptimizer,
  ): Promise<{ progress: Progress; randoms: RunRandoms }> {
    const { config } = this.options;
    const checkpoint = (await this.options.checkpoints?.load()) ?? null;
    if (checkpoint === null)
      return { progress: freshProgress(config), randoms: freshRandoms(config) };
    return restoreCheckpoint(checkpoint, model, optimizer, config);
  }

  #checkInputs(): void {
    const { config, data } = this.options;
    const issues = validateTrainingConfig(config);
    if (issues.length > 0)
      throw new FoveaError(
        'invalid_argument',
        `The training settings are invalid: ${issues.join('; ')}.`,
      );
    if (data.count('train') === 0)
      throw new FoveaError('invalid_argument', 'There are no training images.');
  }

  async #fit(
    context: StepContext,
    randoms: RunRandoms,
    progress: Progress,
  ): Promise<TrainingOutcome> {
    const { config, data } = this.options;
    // A run resumed after its last epoch, or after patience ran out, only has its end to do.
    let stoppedEarly = this.#isOutOfPatience(progress) && progress.epochsRun < config.epochs;
    for (let epoch = progress.epochsRun + 1; epoch <= config.epochs && !stoppedEarly; epoch++) {
      const totals = await this.#trainEpoch(
        context,
        epoch,
        shuffledRange(data.count('train'), randoms.shuffle),
        progress,
      );
      if (totals === null) break;
      const validationStart = this.#clock();
      const validation = data.count('val') > 0 ? await this.#evaluate('val') : null;
      if (this.#isStopRequested) break;
      progress.lastValidationMs = this.#clock() - validationStart;
      progress.epochsRun = epoch;
      progress.lastValidation = validation;
      const isBest = this.#trackBest(epoch, validation, progress);
      const isKept = isBest || !config.restoreBest;
      if (isKept) {
        const weights = snapshotWeights(context.model);
        progress.kept = { epoch, valLoss: validation?.loss ?? null, weights };
      }
      const record: EpochRecord = {
        epoch,
        epochs: config.epochs,
        trainLoss: totals.lossSum / totals.batches,
        trainAccuracy: totals.correct / totals.seen,
        valLoss: validation?.loss ?? null,
        valAccuracy: validation?.accuracy ?? null,
        learningRate: progress.learningRate,
        isBest,
        isKept,
      };
      progress.history.push(record);
      // Before the event: an epoch the services have heard of is always in the checkpoint.
      await this.#saveCheckpoint(context, randoms, progress);
      this.#emit({ kind: 'epoch', ...record });
      this.options.observer?.afterEpoch(progress.step, epoch);
      if (this.#isOutOfPatience(progress)) stoppedEarly = epoch < config.epochs;
    }
    if (progress.kept !== null) restoreWeights(context.model, progress.kept.weights);
    const test = this.#isStopRequested ? null : await this.#testReport();
    return {
      state: this.#isStopRequested ? 'stopped' : 'completed',
      epochsRun: progress.epochsRun,
      steps: progress.step,
      keptEpoch: progress.kept?.epoch ?? null,
      keptValLoss: progress.kept?.valLoss ?? null,
      stoppedEarly,
      test,
      backend: this.options.backend,
    };
  }

  #isOutOfPatience(progress: Progress): boolean {
    const { patience } = this.options.config;
    return patience > 0 && progress.epochsSinceBest >= patience;
  }

  async #saveCheckpoint(
    context: StepContext,
    randoms: RunRandoms,
    progress: Progress,
  ): Promise<void> {
    const checkpoints = this.options.checkpoints;
    if (checkpoints === undefined) return;
    const { model, optimizer } = context;
    const { epochs } = this.options.config;
    await checkpoints.save(await captureCheckpoint(model, optimizer, progress, randoms, epochs));
  }

  /** Null when the run was stopped during the epoch. */
  async #trainEpoch(
    context: StepContext,
    epoch: number,
    order: readonly number[],
    progress: Progress,
  ): Promise<EpochTotals | null> {
    const { batchSize, epochs } = this.options.config;
    const batchesPerEpoch = Math.ceil(order.length / batchSize);
    const totalSteps = batchesPerEpoch * epochs;
    const totals: EpochTotals = { lossSum: 0, correct: 0, seen: 0, batches: 0 };
    for (let start = 0; start < order.length; start += batchSize) {
      if (!(await this.#betweenBatches())) return null;
      const began = this.#clock();
      progress.learningRate = learningRateAt(this.options.config, progress.step, totalSteps);
      context.optimizer.setLearningRate(progress.learningRate);
      const batch = this.options.data.readBatch('train', order.slice(start, start + batchSize));
      const result = trainStep(context, batch);
      progress.trainingMs += this.#clock() - began;
      progress.step += 1;
      progress.images += batch.y.length;
      totals.lossSum += result.loss;
      totals.correct += result.correct;
      totals.seen += batch.y.length;
      totals.batches += 1;
      if (!Number.isFinite(result.loss))
        throw new FoveaError(
          'engine_failed',
          `The loss became ${result.loss} at step ${progress.step}; try a lower learning rate.`,
        );
      if (this.#throttle.isDue()) this.#emitProgress(epoch, batchesPerEpoch, totals, progress);
      this.options.observer?.afterStep(progress.step, epoch);
    }
    return totals;
  }

  #emitProgress(
    epoch: number,
    batchesPerEpoch: number,
    totals: EpochTotals,
    progress: Progress,
  ): void {
    const { epochs } = this.options.config;
    const totalSteps = batchesPerEpoch * epochs;
    const msPerStep = progress.trainingMs / progress.step;
    // Validation passes still to come: this epoch's and each later one's.
    const validationMs = (epochs - epoch + 1) * progress.lastValidationMs;
    this.#emit({
      kind: 'progress',
      step: progress.step,
      totalSteps,
      epoch,
      epochs,
      batch: totals.batches,
      batchesPerEpoch,
      loss: totals.lossSum / totals.batches,
      accuracy: totals.correct / totals.seen,
      valLoss: progress.lastValidation?.loss ?? null,
      valAccuracy: progress.lastValidation?.accuracy ?? null,
      imagesPerSecond: progress.trainingMs > 0 ? (progress.images * 1000) / progress.trainingMs : 0,
      etaSeconds: ((totalSteps - progress.step) * msPerStep + validationMs) / 1000,
      backend: this.options.backend,
    });
  }

  /** True when this epoch has the lowest validation loss so far. */
  #trackBest(epoch: number, validation: Evaluation | null, progress: Progress): boolean {
    if (validation === null || !Number.isFinite(validation.loss)) return false;
    if (progress.best !== null && validation.loss >= progress.best.loss) {
      progress.epochsSinceBest += 1;
      return false;
    }
    progress.best = { epoch, loss: validation.loss };
    progress.epochsSinceBest = 0;
    return true;
  }

  async #evaluate(split: 'val' | 'test'): Promise<Evaluation | null> {
    const model = this.#model;
    if (model === null) return null;
    return evaluateSplit(model, this.options.data, split, {
      batchSize: Math.max(this.options.config.batchSize, 64),
      shouldContinue: () => this.#betweenBatches(),
    });
  }

  async #testReport(): Promise<TestReport | null> {
    if (this.options.data.count('test') === 0) return null;
    const evaluation = await this.#evaluate('test');
    if (evaluation === null) return null;
    const { count, loss, accuracy, confusion } = evaluation;
    return { count, loss, accuracy, confusion, classes: this.options.data.classes };
  }

  /** Yields, waits out a pause; false when the run should stop. */
  async #betweenBatches(): Promise<boolean> {
    await this.#yield();
    if (this.#isPauseRequested && !this.#isStopRequested) {
      await new Promise<void>((resolve) => this.#enter({ kind: 'paused', resume: resolve }));
      if (!this.#isStopRequested) this.#enter({ kind: 'training' });
    }
    return !this.#isStopRequested;
  }

  #enter(state: RunState): void {
    this.#state = state;
    this.#emit(
      state.kind === 'failed'
        ? { kind: 'state', state: 'failed', message: state.message }
        : { kind: 'state', state: state.kind },
    );
  }

  #emit(event: DistributiveOmit<TrainingEvent, 'runId' | 'seq'>): void {
    this.#seq += 1;
    this.options.onEvent({ ...event, runId: this.options.runId, seq: this.#seq });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
