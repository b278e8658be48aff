/** Training runs as the renderer and the CLI see them. */
import type { ResolvedRecipe } from '../../engine/common/pretrained-recipe.js';
import type { RunId } from '../../engine/common/run-id.js';
import type { ModelSpec } from '../../engine/common/spec.js';
import type { TestReport, TrainingConfig } from '../../engine/common/training.js';

export const runStatuses = [
  'preparing',
  'training',
  'paused',
  'completed',
  'failed',
  'stopped',
  'interrupted',
] as const;
export type RunStatus = (typeof runStatuses)[number];

/** A run's report on its test split, as the engine made it when training ended. */
export type RunTestReport = TestReport;

export interface RunSummary {
  readonly id: RunId;
  readonly datasetId: number;
  readonly preset: string | null;
  readonly modelName: string;
  readonly classes: readonly string[];
  readonly inputSize: number;
  readonly trainCount: number;
  readonly valCount: number;
  readonly testCount: number;
  readonly backend: string | null;
  readonly status: RunStatus;
  readonly message: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly imagesPerSecond: number | null;
  readonly epochsRun: number;
  /** The epochs the run was set to train (`TrainingConfig.epochs`). */
  readonly totalEpochs: number;
  /** The last epoch its checkpoint holds; an interrupted run with one can be continued. */
  readonly checkpointEpoch: number | null;
  readonly keptEpoch: number | null;
  readonly valAccuracy: number | null;
  readonly testAccuracy: number | null;
  /** A pretrained run's recipe (backbone, features, head, fine-tuning); null from scratch. */
  readonly pretrained: ResolvedRecipe | null;
}

/** Metric series as parallel columns (cheap to send, ready for a chart). */
export interface MetricSeries {
  readonly step: Float64Array;
  readonly epoch: Float64Array;
  readonly loss: Float64Array;
  readonly accuracy: Float64Array;
  /** NaN where there is no validation figure. */
  readonly valLoss: Float64Array;
  readonly valAccuracy: Float64Array;
}

export interface RunDetail extends RunSummary {
  readonly spec: ModelSpec;
  readonly config: TrainingConfig;
  readonly test: RunTestReport | null;
  readonly batches: MetricSeries;
  readonly epochs: MetricSeries;
}

/** An interrupted run with a checkpoint goes on from it (`training.continue`). */
export function isContinuable(run: Pick<RunSummary, 'status' | 'checkpointEpoch'>): boolean {
  return run.status === 'interrupted' && run.checkpointEpoch !== null;
}

export function isActiveStatus(status: RunStatus): boolean {
  return status === 'preparing' || status === 'training' || status === 'paused';
}
