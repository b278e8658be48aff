/**
 * What a trained model gets right and wrong on the test split, from its probabilities: accuracy,
 * per-class precision and recall, a confusion matrix whose cells list their images, and the
 * mistakes sorted by loss (the most confidently wrong first). Pure, so the renderer, the CLI and
 * the tests share it; also how an export is compared with the model it came from.
 */
import type { RunId } from './run-id.js';

export interface ClassMetrics {
  readonly name: string;
  /** Of the images predicted as this class, the share that are; null when none was predicted. */
  readonly precision: number | null;
  /** Of the images of this class, the share predicted as it; null when the class has none. */
  readonly recall: number | null;
  readonly support: number;
}

export interface Mistake {
  readonly imageId: number;
  readonly actual: number;
  readonly predicted: number;
  /** Cross-entropy of the image: −ln p(actual). */
  readonly loss: number;
  readonly probabilities: readonly number[];
}

export interface EvaluationReport {
  readonly runId: RunId;
  readonly datasetId: number;
  readonly classes: readonly string[];
  readonly count: number;
  readonly accuracy: number;
  readonly loss: number;
  readonly perClass: readonly ClassMetrics[];
  /** confusion[actual][predicted] = number of test images. */
  readonly confusion: readonly (readonly number[])[];
  /** cellImages[actual][predicted] = the ids of those images. */
  readonly cellImages: readonly (readonly (readonly number[])[])[];
  /** Wrongly predicted images, highest loss first. */
  readonly mistakes: readonly Mistake[];
  /** Test images left out because their class is not one the model knows. */
  readonly skipped: number;
}

export interface ScoredImage {
  readonly imageId: number;
  readonly label: number;
}

/** Same floor as training's loss, so one certain mistake does not make the mean infinite. */
const probabilityFloor = 1e-7;

export function argMax(values: ArrayLike<number>, offset = 0, length = values.length): number {
  let best = 0;
  for (let index = 1; index < length; index++)
    if ((values[offset + index] ?? -Infinity) > (values[offset + best] ?? -Infinity)) best = index;
  return best;
}

export function scoreEvaluation(
  ids: { readonly runId: RunId; readonly datasetId: number; readonly skipped: number },
  classes: readonly string[],
  images: readonly ScoredImage[],
  probabilities: Float32Array,
): EvaluationReport {
  const k = classes.length;
  const confusion = classes.map(() => new Array<number>(k).fill(0));
  const cellImages = classes.map(() => classes.map((): number[] => []));
  const mistakes: Mistake[] = [];
  let lossSum = 0;
  let correct = 0;
  images.forEach((image, index) => {
    const row = Array.from(probabilities.subarray(index * k, index * k + k));
    const predicted = argMax(row);
    const loss = -Math.log(Math.max(row[image.label] ?? 0, probabilityFloor));
    lossSum += loss;
    confusion[image.label]![predicted]! += 1;
    cellImages[image.label]![predicted]!.push(image.imageId);
    if (predicted === image.label) correct += 1;
    else
      mistakes.push({
        imageId: image.imageId,
        actual: image.label,
        predicted,
        loss,
        probabilities: row,
      });
  });
  mistakes.sort((a, b) => b.loss - a.loss || a.imageId - b.imageId);
  const count = images.length;
  const perClass = perClassMetrics(classes, confusion);
  return {
    ...ids,
    classes,
    count,
    accuracy: count === 0 ? NaN : correct / count,
    loss: count === 0 ? NaN : lossSum / count,
    perClass,
    confusion,
    cellImages,
    mistakes,
  };
}

/** Precision, recall and support of each class, from confusion[actual][predicted]. */
export function perClassMetrics(
  classes: readonly string[],
  confusion: readonly (readonly number[])[],
): ClassMetrics[] {
  return classes.map((name, index): ClassMetrics => {
    const support = confusion[index]!.reduce((sum, value) => sum + value, 0);
    const predictedAs = confusion.reduce((sum, row) => sum + row[index]!, 0);
    const hits = confusion[index]![index]!;
    return {
      name,
      precision: predictedAs === 0 ? null : hits / predictedAs,
      recall: support === 0 ? null : hits / support,
      support,
    };
  });
}

export interface Agreement {
  readonly images: number;
  /** Images whose top class is the same in both. */
  readonly sameTop1: number;
  /** Largest |a − b| over every image and class. */
  readonly maxProbabilityDifference: number;
}

/** How closely two sets of probabilities (count × classes) agree. */
export function compareProbabilities(a: Float32Array, b: Float32Array, classes: number): Agreement {
  if (a.length !== b.length) return { images: 0, sameTop1: 0, maxProbabilityDifference: Infinity };
  const images = a.length / classes;
  let sameTop1 = 0;
  let maxProbabilityDifference = 0;
  for (let image = 0; image < images; image++) {
    const offset = image * classes;
    if (argMax(a, offset, classes) === argMax(b, offset, classes)) sameTop1 += 1;
    for (let index = offset; index < offset + classes; index++)
      maxProbabilityDifference = Math.max(
        maxProbabilityDifference,
        Math.abs(a[index]! - b[index]!),
      );
  }
  return { images, sameTop1, maxProbabilityDifference };
}
