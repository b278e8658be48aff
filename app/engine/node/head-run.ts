/**
 * Training a head on embeddings: the "pretrained" recipe's second half. The features are
 * standardized with the training split's mean and spread, and the head (head-model.ts: logistic
 * regression, or a small MLP with dropout; weight decay on either) is fitted by the run's
 * optimizer settings (Adam, its learning rate, batch size and epochs). With flipped-image
 * embeddings, each training image is seen plain or flipped, at random, each epoch. It speaks the same events as a TrainingRun — states, throttled progress, one epoch event
 * with validation, a final event with the test report — and pauses and stops between batches, so
 * the host records and shows it like any run. It keeps the last epoch's weights.
 */
import * as tf from '@tensorflow/tfjs';

import { FoveaError } from '../../base/common/errors.js';
import { seededRandom, shuffledRange } from '../../base/common/random.js';
import type { Split } from '../common/data-source.js';
import type { HeadLayers, Standardization } from '../common/head-layers.js';
import type { ResolvedRecipe } from '../common/pretrained-recipe.js';
import { foldHeadStandardization } from '../common/head-layers.js';
import type { RunId } from '../common/run-id.js';
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
import { HeadModel, HeadOptimizer } from './head-model.js';
import type { Score } from './head-scoring.js';
import { concatenated, emptyScore, scoreOf, standardization } from './head-scoring.js';
import type { Trunk } from './fine-tune-trunk.js';

export interface FeatureSplit {
  /** count × dimension. */
  readonly x: Float32Array;
  /** Class index of each row. */
  readonly y: Int32Array;
  /** The same images flipped left to right, row for row (training split only). */
  readonly flipped?: Float32Array;
}

/** The head's shape and regularization; a linear head without either when left out. */
export type HeadRecipe = Pick<ResolvedRecipe, 'hidden' | 'dropout' | 'weightDecay'>;

export interface HeadRunOptions {
  readonly runId: RunId;
  readonly classes: readonly string[];
  readonly dimension: number;
  readonly features: Readonly<Record<Split, FeatureSplit>>;
  readonly config: TrainingConfig;
  readonly recipe?: HeadRecipe;
  /** Fine-tuning: backbone blocks that recompute some feature columns and train too. */
  readonly trunk?: Trunk;
  readonly backend: BackendName;
  readonly onEvent: (event: TrainingEvent) => void;
  readonly clock?: Clock;
  readonly yieldToEventLoop?: () => Promise<void>;
}

/** Images scored at once when fine-tuning (the blocks' activations of a chunk stay small). */
const scoreChunk = 64;

const defaultYield = () => new Promise<void>((resolve) => setImmediate(resolve));

export { standardization };

export class HeadRun {
  #state: TrainingState = 'idle';
  #seq = 0;
  #isPauseRequested = false;
  #isStopRequested = false;
  #resume: (() => void) | null = null;
  readonly #clock: Clock;
  readonly #yield: () => Promise<void>;
  readonly #model: HeadModel;
  readonly #inputs: Record<Split, { x: tf.Tensor2D; y: tf.Tensor2D; labels: Int32Array }>;
  /** The training split's flipped rows after its plain ones in `#inputs.train.x`. */
  readonly #hasFlipped: boolean;
  readonly #standardization: Standardization;

  constructor(private readonly options: HeadRunOptions) {
    this.#clock = options.clock ?? (() => performance.now());
    this.#yield = options.yieldToEventLoop ?? defaultYield;
    const { dimension, classes, features, config } = options;
    if (features.train.y.length === 0)
      throw new FoveaError('invalid_argument', 'The training split has no images.');
    const { mean, spread } = standardization(features.train.x, dimension);
    this.#standardization = { mean, spread };
    this.#hasFlipped = features.train.flipped !== undefined;
    if (this.#hasFlipped && options.trunk !== undefined)
      throw new FoveaError('invalid_argument', 'Flipped embeddings cannot be fine-tuned on.');
    options.trunk?.bind(this.#standardization);
    if (this.#hasFlipped && features.train.flipped!.length !== features.train.x.length)
      throw new FoveaError(
        'invalid_argument',
        'The flipped embeddings do not match the plain ones.',
      );
    const tensors = (split: Split) =>
      tf.tidy(() => {
        const { x, y, flipped } = features[split];
        const rows = flipped ? 2 * y.length : y.length;
        const raw = tf.tensor2d(flipped ? concatenated(x, flipped) : x, [rows, dimension]);
        return {
          x: raw.sub(tf.tensor1d(mean)).div<tf.Tensor2D>(tf.tensor1d(spread)),
          y: tf.oneHot(tf.tensor1d(y, 'int32'), classes.length).toFloat() as tf.Tensor2D,
          labels: y,
        };
      });
    this.#inputs = { train: tensors('train'), val: tensors('val'), test: tensors('test') };
    const recipe = options.recipe ?? { hidden: 0, dropout: 0, weightDecay: 0 };
    this.#model = new HeadModel({
      dimension,
      classes: classes.length,
      seed: config.seed,
      ...recipe,
    });
  }

  get state(): TrainingState {
    return this.#state;
  }

  pause(): void {
    if (this.#state === 'training') this.#isPauseRequested = true;
  }

  resume(): void {
    this.#isPauseRequested = false;
    this.#resume?.();
  }

  stop(): void {
    this.#isStopRequested = true;
    this.#resume?.();
  }

  /** The head on raw features, standardization folded in: what the whole network ends with. */
  headLayers(): HeadLayers {
    return foldHeadStandardization({ dense: this.#model.dense() }, this.#standardization);
  }

  dispose(): void {
    for (const split of Object.values(this.#inputs)) tf.dispose([split.x, split.y]);
    this.#model.dispose();
  }

  async run(): Promise<TrainingOutcome> {
    this.#enter('preparing');
    try {
      const { epochs } = await this.#fit();
      const test = this.#inputs.test.labels.length > 0 ? this.#testReport() : null;
      const state = this.#isStopRequested ? 'stopped' : 'completed';
      const outcome: TrainingOutcome = {
        state,
        epochsRun: epochs.run,
        steps: epochs.steps,
        keptEpoch: epochs.run > 0 ? epochs.run : null,
        keptValLoss: epochs.lastValLoss,
        stoppedEarly: false,
        test,
        backend: this.options.backend,
      };
      this.#enter(state);
      this.#emit({ kind: 'final', ...outcome });
      return outcome;
    } catch (error) {
      this.#state = 'failed';
      this.#emit({ kind: 'state', state: 'failed', message: (error as Error).message });
      throw error;
    }
  }

  async #fit() {
    const { config } = this.options;
    const trunk = this.options.trunk?.variables ?? [];
    const optimizer = new HeadOptimizer(config.learningRate, this.#model.variables, trunk);
    const count = this.#inputs.train.labels.length;
    const batchesPerEpoch = Math.ceil(count / config.batchSize);
    const random = seededRandom(config.seed);
    const throttle = new Throttle(125, this.#clock);
    const started = this.#clock();
    const epochs = { run: 0, steps: 0, lastValLoss: null as number | null };
    this.#enter('training');
    try {
      for (let epoch = 1; epoch <= config.epochs; epoch++) {
        const order = shuffledRange(count, random);
        const totals = { lossSum: 0, correct: 0, seen: 0, batches: 0 };
        for (let start = 0; start < count; start += config.batchSize) {
          if (!(await this.#betweenBatches())) return { epochs };
          const rows = this.#augmented(order.slice(start, start + config.batchSize), random);
          const { loss, correct } = this.#step(optimizer, rows, Math.floor(random() * 2 ** 31));
          Object.assign(totals, {
            lossSum: totals.lossSum + loss,
            correct: totals.correct + correct,
            seen: totals.seen + rows.length,
            batches: totals.batches + 1,
          });
          epochs.steps += 1;
          if (throttle.isDue())
            this.#progress(epoch, epochs.steps, batchesPerEpoch, started, totals);
        }
        epochs.run = epoch;
        epochs.lastValLoss = this.#epochEvent(epoch);
      }
      return { epochs };
    } finally {
      optimizer.dispose();
    }
  }

  /** With flipped embeddings, each row is its flipped twin half the time. */
  #augmented(rows: number[], random: () => number): number[] {
    if (!this.#hasFlipped) return rows;
    const count = this.#inputs.train.labels.length;
    return rows.map((row) => (random() < 0.5 ? row : row + count));
  }

  /** One Adam step on these rows; their loss and how many the step's own pass got right. */
  #step(
    optimizer: HeadOptimizer,
    rows: number[],
    dropoutSeed: number,
  ): { loss: number; correct: number } {
    return tf.tidy(() => {
      const count = this.#inputs.train.labels.length;
      const labels = rows.map((row) => row % count);
      const y = tf.gather(this.#inputs.train.y, tf.tensor1d(labels, 'int32'));
      let correct = 0;
      const { value, grads } = tf.variableGrads(() => {
        const logits = this.#model.logits(this.#features('train', rows), dropoutSeed);
        correct = logits.argMax(1).equal(y.argMax(1)).sum().dataSync()[0]!;
        return this.#model.lossOf(y, logits);
      }, optimizer.variables as tf.Variable[]);
      optimizer.apply(grads);
      return { loss: value.dataSync()[0]!, correct };
    });
  }

  /** These rows' standardized features, their trained columns recomputed when fine-tuning. */
  #features(split: Split, rows: readonly number[]): tf.Tensor2D {
    const gathered = tf.gather(this.#inputs[split].x, tf.tensor1d([...rows], 'int32'));
    return this.options.trunk?.features(split, rows, gathered) ?? gathered;
  }

  /** Class probabilities of a split's images (not the flipped rows), in chunks when fine-tuning. */
  #probabilities(split: Split): Float32Array {
    const count = this.#inputs[split].labels.length;
    if (this.options.trunk === undefined)
      return tf.tidy(() => {
        const x = this.#inputs[split].x.slice([0, 0], [count, -1]);
        return tf.softmax(this.#model.logits(x)).dataSync() as Float32Array;
      });
    const out = new Float32Array(count * this.options.classes.length);
    for (let start = 0; start < count; start += scoreChunk) {
      const rows = Array.from({ length: Math.min(scoreChunk, count - start) }, (_, i) => start + i);
      const values = tf.tidy(() =>
        tf.softmax(this.#model.logits(this.#features(split, rows))).dataSync(),
      );
      out.set(values, start * this.options.classes.length);
    }
    return out;
  }

  #score(split: Split): Score {
    const { labels } = this.#inputs[split];
    if (labels.length === 0) return emptyScore(this.options.classes.length);
    return scoreOf(labels, this.#probabilities(split), this.options.classes.length);
  }

  /** Emits the epoch's event; returns its validation loss (null without a validation split). */
  #epochEvent(epoch: number): number | null {
    const train = this.#score('train');
    const val = this.#inputs.val.labels.length > 0 ? this.#score('val') : null;
    this.#emit({
      kind: 'epoch',
      epoch,
      epochs: this.options.config.epochs,
      trainLoss: train.loss,
      trainAccuracy: train.accuracy,
      valLoss: val?.loss ?? null,
      valAccuracy: val?.accuracy ?? null,
      learningRate: this.options.config.learningRate,
      isBest: false,
      isKept: true,
    });
    return val?.loss ?? null;
  }

  #progress(
    epoch: number,
    step: number,
    batchesPerEpoch: number,
    started: number,
    totals: { lossSum: number; correct: number; seen: number; batches: number },
  ): void {
    const { epochs, batchSize } = this.options.config;
    const totalSteps = batchesPerEpoch * epochs;
    const elapsedMs = this.#clock() - started;
    const batch = step - (epoch - 1) * batchesPerEpoch;
    this.#emit({
      kind: 'progress',
      step,
      totalSteps,
      epoch,
      epochs,
      batch,
      batchesPerEpoch,
      loss: totals.lossSum / totals.batches,
      accuracy: totals.correct / totals.seen,
      valLoss: null,
      valAccuracy: null,
      imagesPerSecond: elapsedMs > 0 ? (step * batchSize * 1000) / elapsedMs : 0,
      etaSeconds: elapsedMs > 0 ? ((totalSteps - step) * elapsedMs) / step / 1000 : null,
      backend: this.options.backend,
    });
  }

  #testReport(): TestReport {
    const { count, loss, accuracy, confusion } = this.#score('test');
    return { count, loss, accuracy, confusion, classes: this.options.classes };
  }

  /** Yields, waits out a pause; false when the run should stop. */
  async #betweenBatches(): Promise<boolean> {
    await this.#yield();
    if (this.#isPauseRequested && !this.#isStopRequested) {
      this.#enter('paused');
      await new Promise<void>((resolve) => (this.#resume = resolve));
      this.#resume = null;
      if (!this.#isStopRequested) this.#enter('training');
    }
    return !this.#isStopRequested;
  }

  #enter(state: TrainingState): void {
    this.#state = state;
    this.#emit({ kind: 'state', state });
  }

  #emit(event: DistributiveOmit<TrainingEvent, 'runId' | 'seq'>): void {
    this.#seq += 1;
    this.options.onEvent({ ...event, runId: this.options.runId, seq: this.#seq });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
