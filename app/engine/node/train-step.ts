/**
 * The tensor work of one training batch, and keeping the weights of an epoch. Every tensor made
 * here is released before returning: `tf.tidy` around the synchronous parts, `dispose` in
 * `finally`.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../common/data-source.js';
import type { Random } from '../../base/common/random.js';
import type { TrainingConfig } from '../common/training.js';
import { augmentBatch, isAugmenting } from './augment.js';
import { probabilityFloor } from './evaluate.js';
import { toModelInput } from './model.js';

/** An optimizer whose learning rate a schedule can change between steps. */
export type ScheduledOptimizer = tf.Optimizer & { setLearningRate(learningRate: number): void };

/** tfjs' SGD and momentum optimizers have `setLearningRate`; its Adam reads a protected field. */
class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }
}

export function createOptimizer(config: TrainingConfig): ScheduledOptimizer {
  // The betas and epsilon of `tf.train.adam`'s defaults.
  return config.optimizer === 'adam'
    ? new ScheduledAdam(config.learningRate, 0.9, 0.999)
    : new tf.MomentumOptimizer(config.learningRate, config.momentum);
}

/** Mean categorical cross-entropy of softmax outputs, as Keras computes it. */
function crossEntropy(oneHot: tf.Tensor, probabilities: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    oneHot
      .mul(probabilities.clipByValue(probabilityFloor, 1 - probabilityFloor).log())
      .sum(-1)
      .mean<tf.Scalar>()
      .neg(),
  );
}

export interface StepResult {
  readonly loss: number;
  readonly correct: number;
}

export interface StepContext {
  readonly model: tf.LayersModel;
  readonly optimizer: ScheduledOptimizer;
  readonly classes: number;
  readonly size: number;
  readonly config: TrainingConfig;
  readonly random: Random;
}

export function trainStep(context: StepContext, batch: Batch): StepResult {
  const count = batch.y.length;
  const { augment } = context.config;
  const inputs = tf.tidy(() => {
    const images = toModelInput(batch.x, count, context.size);
    return isAugmenting(augment) ? augmentBatch(images, augment, context.random) : images;
  });
  const labels = tf.tensor1d(batch.y, 'int32');
  const oneHot = tf.oneHot(labels, context.classes);
  // Filled inside minimize's closure; an object, so the type checker sees the assignment.
  const kept: { correct?: tf.Tensor; loss?: tf.Scalar | null } = {};
  try {
    kept.loss = context.optimizer.minimize(() => {
      const probabilities = context.model.apply(inputs, { training: true }) as tf.Tensor;
      kept.correct = tf.keep(probabilities.argMax(-1).equal(labels).sum());
      return crossEntropy(oneHot, probabilities);
    }, true);
    // Read outside tidy: tf.tidy(() => t.dataSync()) on a large tensor costs seconds.
    return {
      loss: kept.loss?.dataSync()[0] ?? Number.NaN,
      correct: kept.correct?.dataSync()[0] ?? 0,
    };
  } finally {
    tf.dispose([inputs, labels, oneHot, kept.correct ?? [], kept.loss ?? []]);
  }
}

/** A copy of a model's weights (moving statistics included) kept as plain arrays, off the backend. */
export interface WeightSnapshot {
  readonly values: readonly Float32Array[];
  readonly shapes: readonly (readonly number[])[];
}

export function snapshotWeights(model: tf.LayersModel): WeightSnapshot {
  const weights = model.getWeights();
  return {
    values: weights.map((weight) => weight.dataSync().slice() as Float32Array),
    shapes: weights.map((weight) => weight.shape),
  };
}

export function restoreWeights(model: tf.LayersModel, snapshot: WeightSnapshot): void {
  const tensors = snapshot.values.map((values, index) =>
    tf.tensor(values, [...(snapshot.shapes[index] ?? [])]),
  );
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}
