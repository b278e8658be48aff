/**
 * What the training loop carries from epoch to epoch, and turning it into a checkpoint and back:
 * the weights (and the kept epoch's, when they differ), the optimizer's state, the positions of
 * the seeded generators, the step the learning-rate schedule is at, and the epochs so far. A run
 * resumed from a checkpoint takes the steps the uninterrupted run would have taken.
 */
import type * as tf from '@tensorflow/tfjs';
import { FoveaError } from '../../base/common/errors.js';
import type { RestorableRandom } from '../../base/common/random.js';
import { seededRandom } from '../../base/common/random.js';
import type { TrainingConfig } from '../common/training.js';
import type { Checkpoint, EpochRecord, SavedTensor } from './checkpoint-file.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint-file.js';
import type { Evaluation } from './evaluate.js';
import type { ScheduledOptimizer, WeightSnapshot } from './train-step.js';
import { restoreWeights, snapshotWeights } from './train-step.js';

/** What the loop knows between epochs. */
export interface Progress {
  step: number;
  /** Images trained on so far (the last batch of an epoch may be short). */
  images: number;
  epochsRun: number;
  trainingMs: number;
  lastValidationMs: number;
  lastValidation: Evaluation | null;
  /** The lowest validation loss so far, for early stopping. */
  best: { epoch: number; loss: number } | null;
  epochsSinceBest: number;
  /** The weights the run ends with (`TrainingConfig.restoreBest`). */
  kept: { epoch: number; valLoss: number | null; weights: WeightSnapshot } | null;
  learningRate: number;
  /** Each finished epoch's figures, as its event said them. */
  history: EpochRecord[];
}

/** The run's two seeded generators: one shuffles each epoch, one draws the augmentations. */
export interface RunRandoms {
  readonly shuffle: RestorableRandom;
  readonly augment: RestorableRandom;
}

/** Where a run keeps its checkpoints (a folder in the library, or memory in tests). */
export interface RunCheckpoints {
  /** The checkpoint to resume from; null starts the run at its first epoch. */
  load(): Promise<Checkpoint | null>;
  save(checkpoint: Checkpoint): Promise<void>;
}

/** Checkpoints in `dir`; `isResuming` says the run goes on from the one there. */
export function folderCheckpoints(dir: string, isResuming: boolean): RunCheckpoints {
  return {
    load: async () => {
      if (!isResuming) return null;
      const checkpoint = await readCheckpoint(dir);
      if (checkpoint === null)
        throw new FoveaError('not_found', `There is no checkpoint in ${dir} to resume from.`);
      return checkpoint;
    },
    save: (checkpoint) => writeCheckpoint(dir, checkpoint),
  };
}

export function freshProgress(config: TrainingConfig): Progress {
  return {
    step: 0,
    images: 0,
    epochsRun: 0,
    trainingMs: 0,
    lastValidationMs: 0,
    lastValidation: null,
    best: null,
    epochsSinceBest: 0,
    kept: null,
    learningRate: config.learningRate,
    history: [],
  };
}

export function freshRandoms(config: TrainingConfig): RunRandoms {
  return { shuffle: seededRandom(config.seed), augment: seededRandom(config.seed + 1) };
}

function toSaved(snapshot: WeightSnapshot): SavedTensor[] {
  return snapshot.values.map((values, index) => ({
    name: `weight${index}`,
    dtype: 'float32',
    shape: snapshot.shapes[index] ?? [],
    values,
  }));
}

function toSnapshot(saved: readonly SavedTensor[]): WeightSnapshot {
  return {
    values: saved.map(({ values }) => Float32Array.from(values)),
    shapes: saved.map(({ shape }) => shape),
  };
}

export async function captureCheckpoint(
  model: tf.LayersModel,
  optimizer: ScheduledOptimizer,
  progress: Progress,
  randoms: RunRandoms,
  epochs: number,
): Promise<Checkpoint> {
  const kept = progress.kept;
  // Kept at this epoch's end, the kept weights are the model's own.
  const weightsNow = kept?.epoch === progress.epochsRun ? kept.weights : snapshotWeights(model);
  return {
    state: {
      epoch: progress.epochsRun,
      epochs,
      step: progress.step,
      images: progress.images,
      trainingMs: progress.trainingMs,
      lastValidationMs: progress.lastValidationMs,
      lastValidation: progress.lastValidation,
      best: progress.best,
      epochsSinceBest: progress.epochsSinceBest,
      kept: kept && { epoch: kept.epoch, valLoss: kept.valLoss },
      learningRate: progress.learningRate,
      shuffleState: randoms.shuffle.state(),
      augmentState: randoms.augment.state(),
      history: progress.history,
    },
    weights: toSaved(weightsNow),
    keptWeights: kept === null || kept.weights === weightsNow ? null : toSaved(kept.weights),
    optimizer: await optimizer.saveState(),
  };
}

/**
 * Puts the checkpoint's weights and optimizer state into a freshly built model and optimizer;
 * returns the loop's progress and generators as they were at that epoch's end.
 */
export async function restoreCheckpoint(
  checkpoint: Checkpoint,
  model: tf.LayersModel,
  optimizer: ScheduledOptimizer,
  config: TrainingConfig,
): Promise<{ progress: Progress; randoms: RunRandoms }> {
  const { state } = checkpoint;
  if (state.epochs !== config.epochs)
    throw new FoveaError(
      'conflict',
      `The checkpoint is of a ${state.epochs}-epoch run, not of ${config.epochs} epochs.`,
    );
  const weights = toSnapshot(checkpoint.weights);
  restoreWeights(model, weights);
  await optimizer.loadState(checkpoint.optimizer);
  const keptWeights = checkpoint.keptWeights ? toSnapshot(checkpoint.keptWeights) : weights;
  const progress: Progress = {
    step: state.step,
    images: state.images,
    epochsRun: state.epoch,
    trainingMs: state.trainingMs,
    lastValidationMs: state.lastValidationMs,
    lastValidation: state.lastValidation,
    best: state.best && { ...state.best },
    epochsSinceBest: state.epochsSinceBest,
    kept: state.kept && { ...state.kept, weights: keptWeights },
    learningRate: state.learningRate,
    history: [...state.history],
  };
  const randoms = {
    shuffle: seededRandom(state.shuffleState),
    augment: seededRandom(state.augmentState),
  };
  return { progress, randoms };
}
