/**
 * What evaluation, "try an image" and exports answer, as plain data for the contract, the CLI and
 * the renderer.
 */
import type { ConfidenceRule } from './calibration.js';
import type { RunId } from './run-id.js';
import type { Agreement } from './evaluation.js';
import type { ExportFormat } from './model-tasks.js';

export interface ModelInfo {
  readonly runId: RunId;
  readonly bytes: number;
  readonly inputSize: number;
  readonly classes: readonly string[];
  readonly createdAt: string;
}

export interface Explanation {
  readonly classes: readonly string[];
  /** count × classes. */
  readonly probabilities: Float32Array;
  /** count × side × side in [0, 1]; null when the model has no convolution to explain. */
  readonly heatmaps: Float32Array | null;
  readonly side: number;
  readonly layer: string | null;
  /** The run's "none of these" rule, for a dropped image; its temperature is already applied. */
  readonly rule?: ConfidenceRule;
}

export type ExportKind = ExportFormat | 'dataset';
export const exportKinds: readonly ExportKind[] = ['tfjs', 'onnx', 'dataset'];

export interface ExportRequest {
  readonly format: ExportKind;
  /** The run whose model to export (tfjs, onnx). */
  readonly runId?: RunId | undefined;
  /** The dataset to export (dataset); defaults to the run's. */
  readonly datasetId?: number | undefined;
  /** A new or empty folder to write into; absent in web mode (download instead). */
  readonly target?: string | undefined;
}

export interface Verification {
  readonly method: string;
  readonly agreement: Agreement;
  readonly tolerance: number | null;
  readonly passed: boolean;
}

export interface DatasetExportSummary {
  readonly images: number;
  readonly unlabeled: number;
  /** counts[split][class]. */
  readonly counts: Record<string, Record<string, number>>;
  readonly files: readonly string[];
  readonly verified: number;
}

export interface ExportResult {
  readonly format: ExportKind;
  /** The folder written, or null when handed over as a download. */
  readonly folder: string | null;
  /** Under the media base, e.g. `exports/0123456789abcdef.tar`; null for a folder export. */
  readonly downloadPath: string | null;
  readonly downloadName: string | null;
  readonly files: readonly string[];
  readonly verification: Verification | null;
  readonly dataset: DatasetExportSummary | null;
}
