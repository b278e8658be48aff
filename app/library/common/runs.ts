/** Training runs as the renderer and the CLI see them. */
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

export interface RunTestReport {
  readonly count: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly classes: readonly string[];
  /** confusion[actual][predicted]. */
  readonly confusion: readonly (readonly number[])[];
}

export interface RunSummary {
  readonly id: number;
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
  readonly keptEpoch: number | null;
  readonly valAccuracy: number | null;
  readonly testAccuracy: number | null;
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
  readonly spec: unknown;
  readonly config: unknown;
  readonly test: RunTestReport | null;
  readonly batches: MetricSeries;
  readonly epochs: MetricSeries;
}

export function isActiveStatus(status: RunStatus): boolean {
  return status === 'preparing' || status === 'training' || status === 'paused';
}
