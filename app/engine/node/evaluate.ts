/**
 * Loss, accuracy and confusion matrix of a model on one split, a batch at a time. Probabilities
 * are read back per batch (small: n × classes) and scored in JS, outside any `tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataSource, Split } from '../common/data-source.js';
import { toModelInput } from './model.js';

/** Keeps log(0) out of the loss, as Keras' categorical cross-entropy does. */
export const probabilityFloor = 1e-7;

export interface Evaluation {
  readonly count: number;
  readonly loss: number;
  readonly accuracy: number;
  /** confusion[actual][predicted]. */
  readonly confusion: number[][];
}

export interface EvaluateOptions {
  readonly batchSize: number;
  /** Called between batches; returning false abandons the evaluation (the run was stopped). */
  readonly shouldContinue: () => Promise<boolean>;
}

/** Class probabilities for uint8 images, as a plain array (count × classes). */
export async function predictProbabilities(
  model: tf.LayersModel,
  pixels: Uint8Array,
  count: number,
  size: number,
): Promise<Float32Array> {
  // apply, not predict: predict slices its input into batches, a copy of all of it even when it
  // is one batch (0.8 ms of a 20 ms batch of 32 on wasm, measured on REF-CNN).
  const probabilities = tf.tidy(
    () => model.apply(toModelInput(pixels, count, size), { training: false }) as tf.Tensor,
  );
  try {
    return (await probabilities.data()) as Float32Array;
  } finally {
    probabilities.dispose();
  }
}

function argMax(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let index = 1; index < length; index++)
    if (values[offset + index]! > values[offset + best]!) best = index;
  return best;
}

/** Null when abandoned; an empty split gives count 0 and NaN loss and accuracy. */
export async function evaluateSplit(
  model: tf.LayersModel,
  data: DataSource,
  split: Split,
  options: EvaluateOptions,
): Promise<Evaluation | null> {
  const classes = data.classes.length;
  const confusion = data.classes.map(() => new Array<number>(classes).fill(0));
  const count = data.count(split);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += options.batchSize) {
    if (!(await options.shouldContinue())) return null;
    const indices = Array.from(
      { length: Math.min(options.batchSize, count - start) },
      (_, offset) => start + offset,
    );
    const batch = data.readBatch(split, indices);
    const probabilities = await predictProbabilities(model, batch.x, indices.length, data.size);
    batch.y.forEach((actual, image) => {
      const predicted = argMax(probabilities, image * classes, classes);
      lossSum -= Math.log(Math.max(probabilities[image * classes + actual] ?? 0, probabilityFloor));
      if (predicted === actual) correct += 1;
      const row = confusion[actual];
      if (row !== undefined) row[predicted] = (row[predicted] ?? 0) + 1;
    });
  }
  return { count, loss: lossSum / count, accuracy: correct / count, confusion };
}
