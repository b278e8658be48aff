/**
 * Every service the renderer may call and every event it may subscribe to. Both transports
 * (Electron IPC in main/, WebSocket in app/server), the preload and the renderer client are derived
 * from this one table by looping over it: a method added here is callable everywhere, validated
 * before it runs, with nothing written twice.
 */
import { z } from 'zod';
import type {
  ImageDetailWithOrigin,
  ImageIndex,
  ImportPreview,
  ImportProgress,
  ImportSummary,
  SplitCounts,
} from '../../library/common/images.js';
import { imageStatuses } from '../../library/common/images.js';
import type { RunDetail, RunSummary } from '../../library/common/runs.js';
import type { PresetId } from '../../engine/common/presets.js';
import type { RunId } from '../../engine/common/run-id.js';
import type { ModelSpec, ModelSummary } from '../../engine/common/spec.js';
import type { TrainingConfig, TrainingEvent } from '../../engine/common/training.js';
import type { EvaluationReport } from '../../engine/common/evaluation.js';
import type { CalibrationReport } from '../../engine/common/calibration.js';
import type { Explanation, ExportResult, ModelInfo } from '../../engine/common/exports.js';
import { exportKinds } from '../../engine/common/exports.js';
import type { ProbedModel, ProbeImage, VisualFrame } from '../../engine/common/visuals.js';
import type { Snapshot, SnapshotInfo } from '../../library/common/snapshots.js';
import {
  modelSpecSchema,
  presetIdSchema,
  pretrainedRecipeSchema,
  trainingConfigSchema,
} from '../../engine/common/schemas.js';
import type { StartFrom } from '../../engine/common/backbones.js';
import { backbones } from '../../engine/common/backbones.js';
import type { ClassSummary, DatasetSummary } from '../../library/common/types.js';
import type {
  ClassificationProgress,
  ClassificationState,
  FolderClassification,
} from '../../library/common/classification.js';
import { splits } from '../../library/common/types.js';

/** A method: the runtime schema of its argument tuple, and (as a phantom type) its result. */
export interface MethodSpec<Args extends z.ZodTuple, Result> {
  readonly args: Args;
  /** Never set: carries the result type. */
  readonly result?: [Result];
}

function method<Result>() {
  return <Args extends z.ZodTuple>(args: Args): MethodSpec<Args, Result> => ({ args });
}

const id = z.number().int().positive();
/** A `RunId`: runs are named by the same positive integer everywhere. */
const runId = id;
const name = z.string().max(1000);
const ids = z.array(id).max(1_000_000);
const split = z.enum(splits);
const percent = z.number().min(0).max(100);
const startFromSchema = z.enum([
  'scratch',
  ...backbones.map((backbone) => backbone.id),
] as unknown as [StartFrom, ...StartFrom[]]);
const binary = z.union([z.instanceof(ArrayBuffer), z.instanceof(Uint8Array)]);
const imageFilter = z
  .object({
    classId: id.nullable().optional(),
    split: z.enum([...splits, 'none']).optional(),
    status: z.enum(imageStatuses).optional(),
  })
  .strict();
const importRequest = z
  .object({
    datasetId: id,
    /** Absolute paths of dropped files and folders (desktop app, CLI). */
    paths: z.array(z.string().min(1).max(4096)).max(100_000).optional(),
    /** An upload made with uploads.begin/add (web mode). */
    uploadId: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional(),
    /** The class the files were dropped onto. */
    classId: id.nullable().optional(),
  })
  .strict()
  .refine((r) => (r.paths === undefined) !== (r.uploadId === undefined), {
    message: 'give either paths or an uploadId',
  });

export interface PresetInfo {
  readonly id: PresetId;
  readonly name: string;
  readonly description: string;
  readonly spec: ModelSpec;
  readonly summary: ModelSummary;
}

export interface TrainingOptions {
  readonly presets: readonly PresetInfo[];
  readonly defaultPreset: PresetId;
  readonly config: TrainingConfig;
  readonly inputSize: number;
  readonly classes: number;
}

/**
 * The images a run started now would use: what the splits hold, with the 15% of training images
 * lent to validation when the dataset has none (`lent`, already counted in `val`, not in `train`).
 */
export interface TrainingPlanCounts {
  readonly train: number;
  readonly val: number;
  readonly test: number;
  readonly lent: number;
}

export interface AppInfo {
  readonly version: string;
  readonly mode: 'electron' | 'web';
  readonly libraryPath: string;
  /** Prefix of thumbnail URLs: `${mediaBase}thumbnails/${imageId}`. */
  readonly mediaBase: string;
  /** What SQLite's quick_check found wrong with the library (then it is open read-only), or null. */
  readonly damage: string | null;
}

export const methods = {
  'app.info': method<AppInfo>()(z.tuple([])),
  'datasets.list': method<DatasetSummary[]>()(z.tuple([])),
  'datasets.get': method<DatasetSummary>()(z.tuple([id])),
  'datasets.create': method<DatasetSummary>()(z.tuple([name])),
  'datasets.rename': method<DatasetSummary>()(z.tuple([id, name])),
  'datasets.delete': method<null>()(z.tuple([id])),
  'classes.create': method<ClassSummary>()(z.tuple([id, name])),
  'classes.rename': method<ClassSummary>()(z.tuple([id, name])),
  'classes.delete': method<null>()(z.tuple([id])),
  'images.index': method<ImageIndex>()(z.tuple([id, imageFilter.optional()])),
  'images.get': method<ImageDetailWithOrigin>()(z.tuple([id])),
  'images.names': method<string[]>()(z.tuple([z.array(id).max(1000)])),
  'images.setClass': method<null>()(z.tuple([ids, id.nullable()])),
  'images.setSplit': method<null>()(z.tuple([ids, split.nullable()])),
  'images.delete': method<{ deleted: number }>()(z.tuple([ids])),
  'images.restore': method<{ restored: number }>()(z.tuple([ids])),
  'splits.counts': method<SplitCounts>()(z.tuple([id])),
  'splits.assign': method<SplitCounts>()(
    z.tuple([
      id,
      z.object({ train: percent, val: percent, test: percent }).strict(),
      z.number().int().optional(),
    ]),
  ),
  /** Forgets every split of the dataset and assigns all images again, per class, seeded. */
  'splits.resplit': method<SplitCounts>()(
    z.tuple([
      id,
      z.object({ train: percent, val: percent, test: percent }).strict(),
      z.number().int().optional(),
    ]),
  ),
  'uploads.begin': method<{ uploadId: string }>()(z.tuple([])),
  'uploads.add': method<null>()(
    z.tuple([
      z.string().regex(/^[0-9a-f]{16}$/),
      z.array(z.object({ path: z.string().min(1).max(4096), data: binary }).strict()).max(10_000),
    ]),
  ),
  'imports.start': method<{ importId: number }>()(z.tuple([importRequest])),
  'uploads.discard': method<null>()(z.tuple([z.string().regex(/^[0-9a-f]{16}$/)])),
  'imports.preview': method<ImportPreview>()(z.tuple([importRequest])),
  'imports.cancel': method<null>()(z.tuple([id])),
  'imports.get': method<ImportSummary>()(z.tuple([id])),
  'imports.list': method<ImportSummary[]>()(z.tuple([id])),
  'training.options': method<TrainingOptions>()(z.tuple([id])),
  'training.summarize': method<ModelSummary>()(z.tuple([id, modelSpecSchema])),
  'training.plan': method<TrainingPlanCounts>()(z.tuple([id])),
  'training.start': method<{ runId: RunId }>()(
    z.tuple([
      z
        .object({
          datasetId: id,
          presetId: presetIdSchema.optional(),
          spec: modelSpecSchema.optional(),
          config: trainingConfigSchema.optional(),
          from: startFromSchema.optional(),
          pretrained: pretrainedRecipeSchema.optional(),
        })
        .strict(),
    ]),
  ),
  'training.pause': method<null>()(z.tuple([runId])),
  'training.resume': method<null>()(z.tuple([runId])),
  'training.stop': method<null>()(z.tuple([runId])),
  'runs.list': method<RunSummary[]>()(z.tuple([id])),
  'runs.get': method<RunDetail>()(z.tuple([runId])),
  'runs.delete': method<null>()(z.tuple([runId])),
  'models.get': method<ModelInfo | null>()(z.tuple([runId])),
  'evaluation.run': method<EvaluationReport>()(z.tuple([runId])),
  'evaluation.predict': method<Explanation>()(z.tuple([runId, binary])),
  'evaluation.heatmaps': method<Explanation>()(
    z.tuple([runId, z.array(id).min(1).max(64), z.number().int().min(0).nullable()]),
  ),
  'exports.start': method<ExportResult>()(
    z.tuple([
      z
        .object({
          format: z.enum(exportKinds as unknown as ['tfjs', 'onnx', 'dataset']),
          runId: runId.optional(),
          datasetId: id.optional(),
          target: z.string().min(1).max(4096).optional(),
        })
        .strict(),
    ]),
  ),
  'watch.snapshots': method<SnapshotInfo[]>()(z.tuple([runId])),
  'watch.snapshot': method<Snapshot>()(z.tuple([runId, id])),
  'watch.probe': method<ProbeImage | null>()(z.tuple([runId])),
  'watch.setProbe': method<ProbeImage>()(
    z.tuple([
      runId,
      z.union([z.object({ imageId: id }).strict(), z.object({ pixels: binary }).strict()]),
    ]),
  ),
  'watch.probeModel': method<ProbedModel>()(
    z.tuple([
      runId,
      z.union([z.object({ imageId: id }).strict(), z.object({ pixels: binary }).strict()]),
    ]),
  ),
  /**
   * Goes on with an interrupted run (a crash, a killed engine, a closed app) from its last
   * checkpoint to the same last epoch; not `training.resume`, which un-pauses a live run.
   */
  'training.continue': method<{ runId: RunId }>()(z.tuple([runId])),
  /** Classify a folder: every image under the paths (desktop, CLI) or in an upload (web mode). */
  'classify.start': method<{ jobId: number }>()(
    z.tuple([
      z
        .object({
          runId,
          paths: z.array(z.string().min(1).max(4096)).max(100_000).optional(),
          uploadId: z
            .string()
            .regex(/^[0-9a-f]{16}$/)
            .optional(),
        })
        .strict()
        .refine((r) => (r.paths === undefined) !== (r.uploadId === undefined), {
          message: 'give either paths or an uploadId',
        }),
    ]),
  ),
  'classify.cancel': method<null>()(z.tuple([id])),
  'classify.get': method<FolderClassification>()(z.tuple([id])),
  /** A run's "none of these" threshold, reliability diagram and test coverage. */
  'calibration.get': method<CalibrationReport>()(z.tuple([runId])),
  'calibration.set': method<CalibrationReport>()(
    z.tuple([
      runId,
      z
        .object({ threshold: z.number().min(0).max(1).nullable(), isTemperatureOn: z.boolean() })
        .strict(),
    ]),
  ),
} as const;

/** Events the services emit; payloads are plain data (ArrayBuffers allowed). */
export interface EventPayloads {
  'library.changed': { readonly datasetId: number | null };
  'import.progress': ImportProgress;
  'import.finished': ImportSummary;
  /** A pretrained run's embedding, before its head trains: images done of total (cached ones count). */
  'training.embedding': {
    readonly runId: RunId;
    readonly datasetId: number;
    readonly done: number;
    readonly total: number;
    readonly cached: number;
  };
  'training.event': {
    readonly runId: RunId;
    readonly datasetId: number;
    readonly event: TrainingEvent;
  };
  'runs.changed': { readonly datasetId: number; readonly runId: RunId };
  /** Filters and feature maps of a training run; droppable (see ipc/common/droppable.ts). */
  'training.visuals': {
    readonly runId: RunId;
    readonly datasetId: number;
    readonly frame: VisualFrame;
    /** The stored snapshot's seq; null for a live frame. A dropped frame leaves a gap, no shift. */
    readonly seq: number | null;
  };
  'classify.progress': ClassificationProgress;
  'classify.finished': { readonly jobId: number; readonly state: ClassificationState };
}

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof EventPayloads;
export type ArgsOf<M extends MethodName> = z.input<Methods[M]['args']>;
export type ResultOf<M extends MethodName> = NonNullable<Methods[M]['result']>[0];

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(methods, value);
}

/** What the services implement: one async function per method. */
export type Handlers = {
  readonly [M in MethodName]: (...args: ArgsOf<M>) => Promise<ResultOf<M>> | ResultOf<M>;
};

type AreaOf<M extends string> = M extends `${infer Area}.${string}` ? Area : never;
type Area = AreaOf<MethodName>;

/** The renderer's view: `fovea.datasets.create('pets')`, `fovea.on('library.changed', …)`. */
export type FoveaClient = {
  readonly [A in Area]: {
    readonly [M in MethodName as M extends `${A}.${infer Verb}` ? Verb : never]: (
      ...args: ArgsOf<M>
    ) => Promise<ResultOf<M>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};
