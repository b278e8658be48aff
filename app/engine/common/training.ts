/**
 * Training: its configuration, its states and the events a run emits. Plain data, shared by the
 * engine process (which trains), the host and the renderer (which show it).
 */
import type { Fit } from '../../images/common/fit.js';
import { isFit } from '../../images/common/fit.js';
import type { RunId } from './run-id.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendRequest = 'auto' | BackendName;

/** Each transform is off at 0 (or false) and drawn per image, uniformly up to the given limit. */
export interface AugmentConfig {
  /** Mirror left–right half of the images. */
  readonly flip: boolean;
  /** Largest shift, as a fraction of the image side (0.1 = up to 6 px at 64×64). */
  readonly shift: number;
  /** Largest rotation, in degrees either way. */
  readonly rotation: number;
  /** Largest zoom in or out, as a fraction (0.1 = 90%–110%). */
  readonly zoom: number;
  /** Largest brightness change, added to pixel values scaled to [0, 1]. */
  readonly brightness: number;
  /** Largest contrast change, as a fraction around each image's mean (0.2 = 80%–120%). */
  readonly contrast: number;
}

export const noAugmentation: AugmentConfig = {
  flip: false,
  shift: 0,
  rotation: 0,
  zoom: 0,
  brightness: 0,
  contrast: 0,
};

export type OptimizerName = 'adam' | 'sgd';

/** `cosine` lowers the learning rate from its set value to 0 along a half cosine over all epochs. */
export type ScheduleName = 'constant' | 'cosine';

export interface TrainingConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  /** SGD momentum (0 = plain SGD); ignored by Adam. */
  readonly momentum: number;
  readonly schedule: ScheduleName;
  /** Epochs without a lower validation loss before training stops; 0 = never stop early. */
  readonly patience: number;
  /**
   * Which weights a run ends with: those of the epoch with the lowest validation loss (true), or
   * those of its last epoch (false, as Keras' `restore_best_weights` defaults). With a decaying
   * learning rate the last epochs are the settled ones, and 90 validation photos pick a
   * "best" epoch mostly by chance.
   */
  readonly restoreBest: boolean;
  readonly augment: AugmentConfig;
  /** Seeds the shuffles and the augmentations. */
  readonly seed: number;
  /**
   * How a photo becomes the square input (images/common/fit.ts); runs recorded before the choice
   * existed read as 'squash', what they did.
   */
  readonly fit: Fit;
}

export function validateTrainingConfig(config: TrainingConfig): readonly string[] {
  const issues: string[] = [];
  const wholeNumber = (name: string, value: number, minimum: number) => {
    if (!Number.isInteger(value) || value < minimum)
      issues.push(`${name} must be a whole number of at least ${minimum}, got ${value}`);
  };
  const inRange = (name: string, value: number, low: number, high: number) => {
    if (typeof value !== 'number' || !(value >= low && value <= high))
      issues.push(`${name} must be between ${low} and ${high}, got ${value}`);
  };
  wholeNumber('epochs', config.epochs, 1);
  wholeNumber('batchSize', config.batchSize, 1);
  wholeNumber('patience', config.patience, 0);
  wholeNumber('seed', config.seed, 0);
  if (config.optimizer !== 'adam' && config.optimizer !== 'sgd')
    issues.push(`optimizer must be 'adam' or 'sgd', got ${String(config.optimizer)}`);
  if (config.schedule !== 'constant' && config.schedule !== 'cosine')
    issues.push(`schedule must be 'constant' or 'cosine', got ${String(config.schedule)}`);
  if (typeof config.restoreBest !== 'boolean')
    issues.push(`restoreBest must be true or false, got ${String(config.restoreBest)}`);
  if (
    typeof config.learningRate !== 'number' ||
    !(config.learningRate > 0 && config.learningRate <= 10)
  )
    issues.push(`learningRate must be above 0 and at most 10, got ${config.learningRate}`);
  inRange('momentum', config.momentum, 0, 0.999);
  if (!isFit(config.fit))
    issues.push(`fit must be 'squash', 'crop' or 'pad', got ${String(config.fit)}`);
  const augment = config.augment;
  if (typeof augment.flip !== 'boolean') issues.push(`augment.flip must be true or false`);
  inRange('augment.shift', augment.shift, 0, 0.5);
  inRange('augment.rotation', augment.rotation, 0, 180);
  inRange('augment.zoom', augment.zoom, 0, 0.5);
  inRange('augment.brightness', augment.brightness, 0, 1);
  inRange('augment.contrast', augment.contrast, 0, 1);
  return issues;
}

/**
 * The learning rate for batch `step` (0-based) of a run of `totalSteps` batches. Cosine decay
 * (Loshchilov & Hutter, 2017, without restarts) takes big steps while the features form and ever
 * smaller ones as they settle; on the pets photos it turned a test accuracy that swung 5 points
 * from epoch to epoch into one that settles.
 */
export function learningRateAt(
  config: Pick<TrainingConfig, 'learningRate' | 'schedule'>,
  step: number,
  totalSteps: number,
): number {
  switch (config.schedule) {
    case 'constant':
      return config.learningRate;
    case 'cosine': {
      const progress = totalSteps > 0 ? Math.min(1, Math.max(0, step / totalSteps)) : 0;
      return config.learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
  }
}

/*
 * A run's states:
 *
 *   Idle ──► Preparing ──► Training ◄──► Paused
 *                │             │           │
 *                ▼             ▼           ▼
 *              Failed    Completed | Failed | Stopped
 *
 * Pause takes effect between batches; stop within one batch (also from Paused).
 */
export type TrainingState =
  'idle' | 'preparing' | 'training' | 'paused' | 'completed' | 'failed' | 'stopped';

interface EventBase {
  readonly runId: RunId;
  /** 1, 2, 3… across all events of a run, so a listener can tell order and loss. */
  readonly seq: number;
}

export interface StateEvent extends EventBase {
  readonly kind: 'state';
  readonly state: TrainingState;
  /** Why a run failed. */
  readonly message?: string;
}

/** Sent at most about every 125 ms while training. */
export interface ProgressEvent extends EventBase {
  readonly kind: 'progress';
  /** Batches done in this run, 1-based. */
  readonly step: number;
  readonly totalSteps: number;
  /** 1-based. */
  readonly epoch: number;
  readonly epochs: number;
  /** Batches done in this epoch. */
  readonly batch: number;
  readonly batchesPerEpoch: number;
  /** Mean loss and accuracy over this epoch's batches so far (on augmented images). */
  readonly loss: number;
  readonly accuracy: number;
  /** From the last finished epoch; null before the first or without a validation split. */
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  /** Training throughput, excluding validation and pauses. */
  readonly imagesPerSecond: number;
  /** Seconds to the last epoch's end at the current pace (validation passes included). */
  readonly etaSeconds: number | null;
  readonly backend: BackendName;
}

export interface EpochEvent extends EventBase {
  readonly kind: 'epoch';
  readonly epoch: number;
  readonly epochs: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  /** The learning rate this epoch's last batch was trained with. */
  readonly learningRate: number;
  /** This epoch has the lowest validation loss so far. */
  readonly isBest: boolean;
  /** The run ends with this epoch's weights unless a later epoch replaces them. */
  readonly isKept: boolean;
}

export interface TestReport {
  readonly count: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly classes: readonly string[];
  /** confusion[actual][predicted] = number of test images. */
  readonly confusion: readonly (readonly number[])[];
}

export interface TrainingOutcome {
  readonly state: 'completed' | 'stopped';
  readonly epochsRun: number;
  readonly steps: number;
  /**
   * The epoch whose weights the model holds now (see `TrainingConfig.restoreBest`); null when
   * none was kept (no validation split with restoreBest, or stopped in the first epoch).
   */
  readonly keptEpoch: number | null;
  /** That epoch's validation loss; null without a validation split. */
  readonly keptValLoss: number | null;
  /** Training ended before `epochs` because validation loss stopped improving. */
  readonly stoppedEarly: boolean;
  /** On the test split, with the kept weights; null when stopped or without test images. */
  readonly test: TestReport | null;
  readonly backend: BackendName;
}

export interface FinalEvent extends EventBase, TrainingOutcome {
  readonly kind: 'final';
}

export type TrainingEvent = StateEvent | ProgressEvent | EpochEvent | FinalEvent;
