import type { ClassSummary, DatasetSummary } from './types.js';

/** A classifier needs at least two classes to tell apart. */
export const minimumTrainingClasses = 2;

/** The classes a run learns: those with at least one image, in the dataset's order. */
export function classesWithImages(dataset: Pick<DatasetSummary, 'classes'>): ClassSummary[] {
  return dataset.classes.filter((c) => c.imageCount > 0);
}

/** Whether a dataset has images in enough classes to train on. */
export function isTrainable(dataset: Pick<DatasetSummary, 'classes'>): boolean {
  return classesWithImages(dataset).length >= minimumTrainingClasses;
}
