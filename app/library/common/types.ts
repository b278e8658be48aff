/** Domain objects of the library, as callers and the renderer see them. */
export const splits = ['train', 'val', 'test'] as const;
export type Split = (typeof splits)[number];

export interface ClassSummary {
  readonly id: number;
  readonly datasetId: number;
  readonly name: string;
  readonly imageCount: number;
}

export interface DatasetSummary {
  readonly id: number;
  readonly name: string;
  /** Side of the square training tensors, in pixels. */
  readonly inputSize: number;
  readonly imageCount: number;
  /** Images without a class. */
  readonly unlabeledCount: number;
  readonly classes: readonly ClassSummary[];
  readonly createdAt: string;
}
