/**
 * Where training reads its images from. A data source hands out one batch at a time as uint8, so
 * the whole dataset is never held as float32, which takes four times the memory: thousands of
 * 64×64 photos would take hundreds of megabytes.
 */

import type { Fit } from '../../images/common/fit.js';

export type Split = 'train' | 'val' | 'test';
export const splits: readonly Split[] = ['train', 'val', 'test'];

export interface Batch {
  /** `indices.length` images of size × size × 3, RGB, row-major HWC, one byte per channel. */
  readonly x: Uint8Array;
  /** Class index of each image, into `DataSource.classes`. */
  readonly y: Int32Array;
}

export interface DataSource {
  readonly classes: readonly string[];
  /** Side of the square images, in pixels. */
  readonly size: number;
  count(split: Split): number;
  /** The images at these positions (0 ≤ index < count(split)) of the split, in this order. */
  readBatch(split: Split, indices: readonly number[]): Batch;
}

export interface PlanItem {
  readonly imageId: number;
  /** Class index into `DataPlan.classes`. */
  readonly label: number;
}

/**
 * What the host sends the engine so it can read a dataset itself: the library database, the input
 * size whose tensors were stored at import, the class names and the images of each split.
 */
export interface DataPlan {
  readonly dbPath: string;
  readonly size: number;
  /** How the stored tensors were fitted into the square; 'squash' (the import's) when absent. */
  readonly fit?: Fit;
  readonly classes: readonly string[];
  readonly splits: Readonly<Record<Split, readonly PlanItem[]>>;
}

/** A data source that holds something (a database connection) until it is closed. */
export interface ClosableDataSource extends DataSource {
  close(): void;
}

/**
 * Opens the images a plan names. Injected into the engine by its process's entry point, so the
 * engine reads batches without knowing how the library stores them.
 */
export type OpenDataSource = (plan: DataPlan) => ClosableDataSource;
