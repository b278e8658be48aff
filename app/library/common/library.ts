import type { ClassSummary, DatasetSummary } from './types.js';

/** Datasets and their classes. Names are validated; a duplicate is a `conflict`. */
export interface Library {
  listDatasets(): DatasetSummary[];
  getDataset(id: number): DatasetSummary;
  createDataset(name: string, options?: { inputSize?: number }): DatasetSummary;
  renameDataset(id: number, name: string): DatasetSummary;
  deleteDataset(id: number): void;
  createClass(datasetId: number, name: string): ClassSummary;
  renameClass(id: number, name: string): ClassSummary;
  /** Images of a removed class stay in the dataset, without a class. */
  deleteClass(id: number): void;
  close(): void;
}
