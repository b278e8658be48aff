/**
 * The arithmetic of a head run that needs no tensors: the training split's standardization, and
 * a split's loss, accuracy and confusion from its class probabilities.
 */
import { probabilityFloor } from './evaluate.js';

export interface Score {
  readonly count: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly confusion: number[][];
}

/** Train-split mean and spread per feature; a constant feature gets spread 1. */
export function standardization(x: Float32Array, dimension: number) {
  const count = x.length / dimension;
  const mean = new Float32Array(dimension);
  const spread = new Float32Array(dimension);
  for (let row = 0; row < count; row++)
    for (let column = 0; column < dimension; column++)
      mean[column]! += x[row * dimension + column]! / count;
  for (let row = 0; row < count; row++)
    for (let column = 0; column < dimension; column++)
      spread[column]! += (x[row * dimension + column]! - mean[column]!) ** 2 / count;
  for (let column = 0; column < dimension; column++)
    spread[column] = Math.sqrt(spread[column]!) || 1;
  return { mean, spread };
}

export function emptyScore(classes: number): Score {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  return { count: 0, loss: Number.NaN, accuracy: Number.NaN, confusion };
}

/** Loss, accuracy and confusion (rows: true class) of `probabilities` (rows × classes). */
export function scoreOf(labels: Int32Array, probabilities: Float32Array, classes: number): Score {
  const { confusion } = emptyScore(classes);
  let lossSum = 0;
  let correct = 0;
  labels.forEach((label, row) => {
    const values = probabilities.subarray(row * classes, (row + 1) * classes);
    const predicted = values.indexOf(Math.max(...values));
    lossSum -= Math.log(Math.max(values[label]!, probabilityFloor));
    if (predicted === label) correct += 1;
    confusion[label]![predicted]! += 1;
  });
  return {
    count: labels.length,
    loss: lossSum / labels.length,
    accuracy: correct / labels.length,
    confusion,
  };
}

export function concatenated(first: Float32Array, second: Float32Array): Float32Array {
  const out = new Float32Array(first.length + second.length);
  out.set(first);
  out.set(second, first.length);
  return out;
}
