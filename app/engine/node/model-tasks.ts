/**
 * The engine's side of `ModelTask`s: keeps the model it trained last (and the last one it loaded
 * from a library folder) and does saves, predictions, evaluations, Grad-CAM, feature maps, exports
 * and export checks with them. Models are disposed when replaced and on `dispose`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FoveaError } from '../../base/common/errors.js';
import type { DataPlan, OpenDataSource, Split } from '../common/data-source.js';
import type {
  FeatureMaps,
  GradCamResult,
  ModelRef,
  ModelTask,
  ModelTaskOf,
  ModelTaskOp,
  ModelTaskResults,
  Probabilities,
  ResultFor,
  SavedFiles,
  SavedModelInfo,
} from '../common/model-tasks.js';
import { savedModelFiles } from '../common/model-tasks.js';
import { predictProbabilities } from './evaluate.js';
import { toOnnx } from './export-onnx.js';
import { toOnnxGraph } from './export-onnx-graph.js';
import type { GradCamModel } from './gradcam.js';
import { buildGradCamModel, gradCam } from './gradcam.js';
import { loadLayersModel, loadSavedModel, saveLayersModel } from './model-store.js';
import { EmbedTasks } from './embed-task.js';
import type { HeadLayers } from '../common/head-layers.js';
import type { LoadedBackbone } from './backbone.js';
import type { WholeNetworkOptions } from './whole-network.js';
import { buildWholeNetwork } from './whole-network.js';
import { predictWithOnnx } from './onnx-runner.js';
import { FeatureMapProbe } from './visuals.js';
import type { RunId } from '../common/run-id.js';

export interface HeldModel {
  readonly runId: RunId | null;
  /** The folder it was loaded from; null for the model trained in this process. */
  readonly dir: string | null;
  readonly model: tf.LayersModel;
  readonly info: SavedModelInfo;
  gradCam?: GradCamModel;
  featureMaps?: FeatureMapProbe;
}

const buffer = (values: Float32Array): ArrayBuffer => values.slice().buffer;

type TaskHandlers = {
  readonly [Op in ModelTaskOp]: (task: ModelTaskOf<Op>) => Promise<ModelTaskResults[Op]>;
};

export class ModelTasks {
  /** The model trained last in this process; answers for its run without a load. */
  #trained: HeldModel | null = null;
  /** The model loaded last from a folder. */
  #loaded: HeldModel | null = null;
  readonly #handlers: TaskHandlers;
  readonly #embedding = new EmbedTasks();

  /** `openData`: reads a plan's images (the library's database, in the engine process). */
  constructor(private readonly openData: OpenDataSource) {
    this.#handlers = {
      save: (task) => this.#save(task),
      predict: (task) => this.#predict(task),
      evaluate: async (task) => {
        const held = await this.#model(task.model);
        const probabilities = await predictSplit(this.openData, held.model, task.plan, task.split);
        return { classes: held.info.classes, probabilities: buffer(probabilities) };
      },
      gradcam: (task) => this.#gradCam(task),
      featureMaps: (task) => this.#featureMaps(task),
      export: (task) => this.#export(task),
      verify: (task) => verify(this.openData, task),
      embed: (task) => this.#embedding.run(task),
    };
  }

  /**
   * Builds a pretrained run's whole network (backbone truncated at `layers` → pooled features →
   * `head`) and holds it as that run's trained model, to be saved and used like any other.
   */
  async adoptHead(
    runId: RunId,
    backbone: { readonly dir: string; readonly layers: readonly string[] },
    head: HeadLayers,
    classes: readonly string[],
    tuned?: WholeNetworkOptions['tuned'],
  ): Promise<void> {
    const loaded = await this.#embedding.backbone(backbone.dir, backbone.layers);
    const model = buildWholeNetwork({
      ...loaded,
      layers: backbone.layers,
      head,
      ...(tuned ? { tuned } : {}),
    });
    this.adopt(runId, model, { classes, size: loaded.inputSize });
  }

  /** The backbone in `dir` as the embeddings load it (kept for them), for fine-tuning. */
  loadedBackbone(dir: string, layers: readonly string[]): Promise<LoadedBackbone> {
    return this.#embedding.backbone(dir, layers);
  }

  adopt(runId: RunId, model: tf.LayersModel, info: SavedModelInfo): void {
    if (this.#trained !== null && this.#trained !== this.#loaded) this.#trained.model.dispose();
    this.#trained = { runId, dir: null, model, info };
  }

  dispose(): void {
    this.#trained?.model.dispose();
    if (this.#loaded !== this.#trained) this.#loaded?.model.dispose();
    this.#trained = null;
    this.#loaded = null;
    this.#embedding.dispose();
  }

  run<T extends ModelTask>(task: T): Promise<ResultFor<T>> {
    // The table's type ties each op to its result; indexing it by a union loses that link.
    const handler = this.#handlers[task.op] as unknown as (task: T) => Promise<ResultFor<T>>;
    return handler(task);
  }

  async #save(task: ModelTaskOf<'save'>): Promise<SavedFiles> {
    const held = this.#trained;
    if (held?.runId !== task.runId)
      throw new FoveaError('not_found', `The engine does not hold the model of run ${task.runId}.`);
    return saveLayersModel(held.model, task.dir, held.info);
  }

  async #predict(task: ModelTaskOf<'predict'>): Promise<Probabilities> {
    const held = await this.#model(task.model);
    checkImages(task.images, task.count, held.info.size);
    const probabilities = await predictProbabilities(
      held.model,
      new Uint8Array(task.images),
      task.count,
      held.info.size,
    );
    return { classes: held.info.classes, probabilities: buffer(probabilities) };
  }

  async #featureMaps(task: ModelTaskOf<'featureMaps'>): Promise<FeatureMaps> {
    const held = await this.#model(task.model);
    checkImages(task.image, 1, held.info.size);
    held.featureMaps ??= new FeatureMapProbe(held.model, task.spec);
    const pixels = new Uint8Array(task.image);
    return { maps: held.featureMaps.read({ size: held.info.size, pixels, imageId: null }) };
  }

  async #gradCam(task: ModelTaskOf<'gradcam'>): Promise<GradCamResult> {
    const held = await this.#model(task.model);
    checkImages(task.images, task.count, held.info.size);
    held.gradCam ??= buildGradCamModel(held.model);
    const result = await gradCam(
      held.gradCam,
      new Uint8Array(task.images),
      task.count,
      held.info.size,
      task.classIndex,
    );
    return {
      classes: held.info.classes,
      probabilities: buffer(result.probabilities),
      heatmaps: buffer(result.heatmaps),
      side: held.gradCam.side,
      layer: held.gradCam.layer,
    };
  }

  async #export(task: ModelTaskOf<'export'>): Promise<SavedFiles> {
    const held = await this.#model(task.model);
    if (task.format === 'tfjs') return saveLayersModel(held.model, task.dir, held.info);
    const producer = `tfjs ${tf.version_core}`;
    let bytes: Uint8Array;
    if (held.model instanceof tf.Sequential) bytes = toOnnx(held.model, held.info.size, producer);
    else {
      // A functional model (a pretrained run's whole network) is a DAG, for the graph exporter,
      // which reads each layer's links; Grad-CAM's split adds links to the held model's layers.
      const copy = await cleanCopy(held.model);
      try {
        bytes = toOnnxGraph(copy, held.info.size, producer);
      } finally {
        copy.dispose();
      }
    }
    await mkdir(task.dir, { recursive: true });
    await writeFile(join(task.dir, savedModelFiles.onnx), bytes);
    return { files: [savedModelFiles.onnx], bytes: bytes.byteLength };
  }

  async #model(ref: ModelRef): Promise<HeldModel> {
    if (ref.runId !== null && this.#trained?.runId === ref.runId) return this.#trained;
    if (this.#loaded?.dir === ref.dir) return this.#loaded;
    const { model, info } = await loadSavedModel(ref.dir);
    if (this.#loaded !== null && this.#loaded !== this.#trained) this.#loaded.model.dispose();
    this.#loaded = { runId: ref.runId, dir: ref.dir, model, info };
    return this.#loaded;
  }
}

/** The model rebuilt from its own topology and weights: its layers linked to nothing else. */
async function cleanCopy(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler((saved) => {
      artifacts = saved;
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    }),
  );
  if (artifacts === null) throw new FoveaError('internal', 'tfjs did not hand over the model.');
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

function checkImages(images: ArrayBuffer, count: number, size: number): void {
  const expected = count * size * size * 3;
  if (!Number.isInteger(count) || count < 1 || images.byteLength !== expected)
    throw new FoveaError(
      'invalid_argument',
      `Expected ${count} images of ${size}×${size}×3 bytes (${expected} bytes), got ${images.byteLength} bytes.`,
    );
}

async function predictSplit(
  openData: OpenDataSource,
  model: tf.LayersModel,
  plan: DataPlan,
  split: Split,
): Promise<Float32Array> {
  const data = openData(plan);
  try {
    const count = data.count(split);
    const classes = plan.classes.length;
    const out = new Float32Array(count * classes);
    const batchSize = 64;
    for (let start = 0; start < count; start += batchSize) {
      const indices = Array.from(
        { length: Math.min(batchSize, count - start) },
        (_, offset) => start + offset,
      );
      const batch = data.readBatch(split, indices);
      out.set(
        await predictProbabilities(model, batch.x, indices.length, plan.size),
        start * classes,
      );
    }
    return out;
  } finally {
    data.close();
  }
}

/** Loads an export fresh from disk (not the engine's copy) and predicts the split with it. */
async function verify(
  openData: OpenDataSource,
  task: ModelTaskOf<'verify'>,
): Promise<Probabilities> {
  if (task.format === 'onnx') {
    const data = openData(task.plan);
    try {
      const path = join(task.dir, savedModelFiles.onnx);
      const probabilities = await predictWithOnnx(path, data, task.split);
      return { classes: task.plan.classes, probabilities: buffer(probabilities) };
    } finally {
      data.close();
    }
  }
  const model = await loadLayersModel(task.dir);
  try {
    const probabilities = await predictSplit(openData, model, task.plan, task.split);
    return { classes: task.plan.classes, probabilities: buffer(probabilities) };
  } finally {
    model.dispose();
  }
}
