/**
 * Work the engine does with a trained model, after training: save it into the library, predict,
 * explain (Grad-CAM), show one image's feature maps, export and check an export by loading it
 * back. One host message (`model`) carries any of these tasks, so the protocol grows by one case,
 * not one per task; `ModelTaskResults` ties each task to what it answers, so tsc checks both ends.
 *
 * A model is named by its run and the folder it was saved in (`<library>/models/<runId>/`); the
 * engine answers from the model it has just trained when the run matches, else loads that folder.
 */
import type { DataPlan, Split } from './data-source.js';
import type { RunId } from './run-id.js';
import type { ModelSpec } from './spec.js';
import type { FeatureMapLayer } from './visuals.js';

export interface ModelRef {
  /** The run that trained it; null for an export loaded from a folder of its own. */
  readonly runId: RunId | null;
  /** The saved model: a folder with model.json, weights.bin and fovea.json. */
  readonly dir: string;
}

/** What Fovea stores beside a saved model so it can be used without the run record. */
export interface SavedModelInfo {
  readonly classes: readonly string[];
  /** Input side in pixels: the model takes [n, size, size, 3] floats, uint8 / 255, RGB. */
  readonly size: number;
}

export type ExportFormat = 'tfjs' | 'onnx';

export type ModelTask =
  /** Writes the model the engine trained for `runId` (still in memory) into `dir`. */
  | { readonly op: 'save'; readonly runId: RunId; readonly dir: string }
  | {
      readonly op: 'predict';
      readonly model: ModelRef;
      /** `count` uint8 RGB HWC images of the model's size². */
      readonly images: ArrayBuffer;
      readonly count: number;
    }
  /** Probabilities of every image of one split, in the plan's order. */
  | {
      readonly op: 'evaluate';
      readonly model: ModelRef;
      readonly plan: DataPlan;
      readonly split: Split;
    }
  | {
      readonly op: 'gradcam';
      readonly model: ModelRef;
      readonly images: ArrayBuffer;
      readonly count: number;
      /** The class to explain; null explains each image's top class. */
      readonly classIndex: number | null;
    }
  /** The feature maps of one image (uint8 RGB HWC, the model's size²) in the spec's map layers. */
  | {
      readonly op: 'featureMaps';
      readonly model: ModelRef;
      /** The spec the model was built from: it names the layers. */
      readonly spec: ModelSpec;
      readonly image: ArrayBuffer;
    }
  /** Writes the model in this format into `dir` (tfjs: model.json + weights.bin; onnx: model.onnx). */
  | {
      readonly op: 'export';
      readonly model: ModelRef;
      readonly format: ExportFormat;
      readonly dir: string;
    }
  /** Loads an export from `dir` the way a user would and predicts a split with it. */
  | {
      readonly op: 'verify';
      readonly format: ExportFormat;
      readonly dir: string;
      readonly plan: DataPlan;
      readonly split: Split;
    }
  /**
   * Embeds one batch of originals (image files, e.g. the library's blobs) with a backbone: each
   * is decoded as the import decodes, at the backbone's input size, and the chosen layers' pooled
   * outputs are concatenated. The host sends a plan's images a batch at a time, so it reports
   * progress and can stop between batches.
   */
  | {
      readonly op: 'embed';
      /** The backbone's folder (model.json, weights, backbone.json). */
      readonly backbone: string;
      readonly layers: readonly string[];
      readonly originals: readonly string[];
      /** Also embed each original flipped left to right (augmentation for a head). */
      readonly withFlipped?: boolean;
    };

export type ModelTaskOp = ModelTask['op'];
export type ModelTaskOf<Op extends ModelTaskOp> = Extract<ModelTask, { readonly op: Op }>;

export interface SavedFiles {
  readonly files: readonly string[];
  readonly bytes: number;
}

export interface Probabilities {
  readonly classes: readonly string[];
  /** Float32, count × classes. */
  readonly probabilities: ArrayBuffer;
}

export interface GradCamResult extends Probabilities {
  /** Float32, count × side × side, each map scaled to [0, 1]. */
  readonly heatmaps: ArrayBuffer;
  readonly side: number;
  /** The layer explained, e.g. `l5_conv2d`. */
  readonly layer: string;
}

export interface EmbeddedBatch {
  /** Length of one embedding. */
  readonly dimension: number;
  /** Float32, originals × dimension, in the order sent. */
  readonly embeddings: ArrayBuffer;
  /** The same of the flipped originals, when asked `withFlipped`. */
  readonly flipped?: ArrayBuffer;
}

export interface FeatureMaps {
  readonly maps: readonly FeatureMapLayer[];
}

/** What each task answers: the engine's handlers and the host's callers are both held to it. */
export interface ModelTaskResults {
  readonly save: SavedFiles;
  readonly predict: Probabilities;
  readonly evaluate: Probabilities;
  readonly gradcam: GradCamResult;
  readonly featureMaps: FeatureMaps;
  readonly export: SavedFiles;
  readonly verify: Probabilities;
  readonly embed: EmbeddedBatch;
}

export type ResultFor<T extends ModelTask> = ModelTaskResults[T['op']];
export type ModelTaskResult = ModelTaskResults[ModelTaskOp];

export const savedModelFiles = {
  topology: 'model.json',
  weights: 'weights.bin',
  info: 'fovea.json',
  onnx: 'model.onnx',
} as const;
