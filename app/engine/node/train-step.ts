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
import type { SavedTensor } from './checkpoint-file.js';
import { probabilityFloor } from './evaluate.js';
import { toModelInput } from './model.js';

/** A tensor with its name, as `Optimizer.getWeights` gives them (not exported by tfjs' index). */
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

/**
 * An optimizer whose learning rate a schedule can change between steps, and whose state (the
 * iteration count and the moments or accumulations) a checkpoint can keep and give back.
 */
export type ScheduledOptimizer = tf.Optimizer & {
  setLearningRate(learningRate: number): void;
  saveState(): Promise<SavedTensor[]>;
  /** On a fresh optimizer, before its first step. */
  loadState(saved: readonly SavedTensor[]): Promise<void>;
};

async function readNamed(named: readonly NamedTensor[]): Promise<SavedTensor[]> {
  const saved: SavedTensor[] = [];
  for (const { name, tensor } of named) {
    const values = await tensor.data();
    saved.push({
      name,
      shape: tensor.shape,
      dtype: tensor.dtype === 'int32' ? 'int32' : 'float32',
      values: values instanceof Int32Array ? values.slice() : Float32Array.from(values),
    });
  }
  return saved;
}

function toNamed(saved: readonly SavedTensor[]): NamedTensor[] {
  return saved.map(({ name, values, shape, dtype }) => ({
    name,
    tensor: tf.tensor(values, [...shape], dtype),
  }));
}

/** `getWeights` puts the iteration count first, as a new scalar; the rest are the optimizer's own. */
async function saveWeights(optimizer: tf.Optimizer): Promise<SavedTensor[]> {
  const named = await optimizer.getWeights();
  try {
    return await readNamed(named);
  } finally {
    named[0]?.tensor.dispose();
  }
}

async function loadWeights(optimizer: tf.Optimizer, saved: readonly SavedTensor[]): Promise<void> {
  const named = toNamed(saved);
  try {
    await optimizer.setWeights(named);
  } finally {
    // setWeights made variables of its own from them.
    tf.dispose(named.map(({ tensor }) => tensor));
  }
}

/** Adam's running powers of beta1 and beta2; private in tfjs' typings. */
interface AdamPowers {
  readonly accBeta1: tf.Variable;
  readonly accBeta2: tf.Variable;
}

const powerNames = ['accBeta1', 'accBeta2'] as const;

/** tfjs' SGD and momentum optimizers have `setLearningRate`; its Adam reads a protected field. */
class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  /**
   * tfjs' `setWeights` recomputes the powers as beta^(iterations+1), which differs in the last
   * bits from the product Adam accumulates step by step; they are kept as they are, so a resumed
   * run takes exactly the steps the uninterrupted one would.
   */
  async saveState(): Promise<SavedTensor[]> {
    const powers = this as unknown as AdamPowers;
    const named = powerNames.map((name) => ({ name, tensor: powers[name] }));
    return [...(await saveWeights(this)), ...(await readNamed(named))];
  }

  async loadState(saved: readonly SavedTensor[]): Promise<void> {
    const isPower = (name: string) => (powerNames as readonly string[]).includes(name);
    await loadWeights(
      this,
      saved.filter(({ name }) => !isPower(name)),
    );
    const powers = this as unknown as AdamPowers;
    for (const { name, values } of saved.filter((tensor) => isPower(tensor.name)))
      tf.tidy(() => powers[name as (typeof powerNames)[number]].assign(tf.scalar(values[0] ?? 0)));
  }
}

class ScheduledMomentum extends tf.MomentumOptimizer {
  saveState(): Promise<SavedTensor[]> {
    return saveWeights(this);
  }

  loadState(saved: readonly SavedTensor[]): Promise<void> {
    return loadWeights(this, saved);
  }
}

export function createOptimizer(config: TrainingConfig): ScheduledOptimizer {
  // The betas and epsilon of `tf.train.adam`'s defaults.
  return config.optimizer === 'adam'
    ? new ScheduledAdam(config.learningRate, 0.9, 0.999)
    : new ScheduledMomentum(config.learningRate, config.momentum);
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
