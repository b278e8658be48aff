import type { DataPlan, PlanItem } from '../../engine/common/data-source.js';
import { FoveaError } from '../../base/common/errors.js';
import { seededRandom, shuffledRange } from '../../base/common/random.js';
import type { DatasetSummary } from '../../library/common/types.js';
import type { TrainingPlanCounts } from '../../ipc/common/contract.js';
import type { ImageStore } from '../../library/node/stores.js';
import { classesWithImages, minimumTrainingClasses } from '../../library/common/trainable.js';

/**
 * The images a run trains, validates and tests on. Images the user put in a split stay there;
 * images without a split train. A dataset with no validation images lends 15% of its training
 * images (per class, seeded) to validation, so early stopping has something to watch; with fewer
 * (10% of 600 pets photos is 60) its choice of the best epoch was mostly noise.
 */
export function buildPlan(
  dataset: DatasetSummary,
  images: ImageStore,
  dbPath: string,
  seed = 1,
  size = dataset.inputSize,
): DataPlan {
  const classes = classesWithImages(dataset);
  if (classes.length < minimumTrainingClasses) {
    throw new FoveaError(
      'invalid_argument',
      `“${dataset.name}” needs images in at least two classes to train; it has ${classes.length}.`,
    );
  }
  const { splits } = planSplits(classes, images, dataset.id, size, seed);
  const trainedClasses = new Set(splits.train.map((item) => item.label));
  if (trainedClasses.size < minimumTrainingClasses) {
    throw new FoveaError(
      'invalid_argument',
      'At least two classes need training images; move some images to the training split.',
    );
  }
  return { dbPath, size, classes: classes.map((c) => c.name), splits };
}

type PlanSplits = Record<'train' | 'val' | 'test', PlanItem[]>;

/** Where each trainable image goes, lending to validation as `buildPlan` says; never throws. */
function planSplits(
  classes: readonly { readonly id: number }[],
  images: ImageStore,
  datasetId: number,
  size: number,
  seed: number,
): { splits: PlanSplits; lent: number } {
  const labelOf = new Map(classes.map((c, index) => [c.id, index]));
  const splits: PlanSplits = { train: [], val: [], test: [] };
  for (const image of images.trainable(datasetId, size)) {
    const label = labelOf.get(image.classId);
    if (label !== undefined) splits[image.split ?? 'train'].push({ imageId: image.id, label });
  }
  const lent = splits.val.length === 0 ? lendValidation(splits, classes.length, seed) : 0;
  return { splits, lent };
}

/**
 * How many images a run started now would train, validate and test on, and how many of the
 * validation ones are lent from training: the counts the Train area shows before Start.
 */
export function planCounts(
  dataset: DatasetSummary,
  images: ImageStore,
  seed = 1,
  size = dataset.inputSize,
): TrainingPlanCounts {
  const { splits, lent } = planSplits(classesWithImages(dataset), images, dataset.id, size, seed);
  return { train: splits.train.length, val: splits.val.length, test: splits.test.length, lent };
}

/** Moves 15% of each class's training images to validation; returns how many moved. */
function lendValidation(splits: PlanSplits, classCount: number, seed: number): number {
  const random = seededRandom(seed);
  const keep: PlanItem[] = [];
  for (let label = 0; label < classCount; label++) {
    const items = splits.train.filter((item) => item.label === label);
    const lend = Math.floor(items.length * 0.15);
    const shuffled = shuffledRange(items.length, random).map((i) => items[i] as PlanItem);
    splits.val.push(...shuffled.slice(0, lend));
    keep.push(...shuffled.slice(lend));
  }
  splits.train = keep;
  return splits.val.length;
}
