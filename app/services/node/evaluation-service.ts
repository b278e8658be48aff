/**
 * After training: saves each finished run's model into the library (`models/<runId>/`), and
 * answers what the model does — on the current test split (labels as they are now, so a relabel
 * shows up at once), on one dropped image (the import's preprocessing, `decodeImage`), and where
 * it looks (Grad-CAM). The engine does the tensor work; this builds its inputs from the library.
 */
import type { EngineHost } from '../../engine/common/engine-host.js';
import type { DataPlan, PlanItem, Split } from '../../engine/common/data-source.js';
import type { EvaluationReport, ScoredImage } from '../../engine/common/evaluation.js';
import type { Explanation, ModelInfo } from '../../engine/common/exports.js';
import { perClassMetrics, scoreEvaluation } from '../../engine/common/evaluation.js';
import { findBackbone } from '../../engine/common/backbones.js';
import type { ConfidenceRule } from '../../engine/common/calibration.js';
import { noConfidenceRule, scaleAll } from '../../engine/common/calibration.js';
import type { ModelRef } from '../../engine/common/model-tasks.js';
import type { RunId } from '../../engine/common/run-id.js';
import { backboneDecodeOptions } from '../../engine/node/embed-task.js';
import type { DecodeOptions } from '../../images/node/process-image.js';
import { decodeImage } from '../../images/node/process-image.js';
import { FoveaError } from '../../base/common/errors.js';
import type { Logger } from '../../base/common/logger.js';
import type { RunDetail, RunSummary } from '../../library/common/runs.js';
import type { SavedModel } from '../../library/node/model-repository.js';
import type { LibraryStores } from '../../library/node/stores.js';
import type { ModelFolders } from './model-folders.js';
import { ensureTensors } from './tensor-cache.js';

/** The test images of a dataset as a run's model sees them, and those it cannot score. */
export interface TestPlan {
  readonly plan: DataPlan;
  readonly images: ScoredImage[];
  readonly skipped: number;
}

/** A run's model on the test split as it is now: what `evaluate` scores and an export checks. */
export interface TestProbabilities {
  readonly run: RunSummary;
  readonly test: TestPlan;
  readonly probabilities: Float32Array;
}

/** The evaluation report of probabilities on a test split. */
export function score({ run, test, probabilities }: TestProbabilities): EvaluationReport {
  return scoreEvaluation(
    { runId: run.id, datasetId: run.datasetId, skipped: test.skipped },
    run.classes,
    test.images,
    probabilities,
  );
}

export const maxHeatmapImages = 64;

/** A run that trained a head on a backbone's embeddings (its preset names the backbone). */
export function isPretrained(run: RunSummary): boolean {
  return run.preset !== null && findBackbone(run.preset) !== undefined;
}

/**
 * How an image file becomes the tensor a run's model takes: the import's decoding, or for a
 * pretrained run the decoding its embeddings were made with (embed-task.ts), so a file scores
 * as its embedding did when the head trained.
 */
export function tensorDecoding(run: Pick<RunSummary, 'preset' | 'inputSize'>): DecodeOptions {
  return isPretrained(run as RunSummary)
    ? backboneDecodeOptions(run.inputSize)
    : { tensorSize: run.inputSize };
}

/**
 * A pretrained run's report as the engine made it at the end of training: the test split scored
 * by the head it trained. Kept for runs that ended without a saved model (before Fovea built
 * the whole network): there are no per-image mistakes to list.
 */
function recordedReport(run: RunDetail): EvaluationReport {
  const test = run.test;
  if (test === null)
    throw new FoveaError('not_found', `Run ${run.id} has no test report (it did not finish).`);
  return {
    runId: run.id,
    datasetId: run.datasetId,
    classes: test.classes,
    count: test.count,
    accuracy: test.accuracy,
    loss: test.loss,
    perClass: perClassMetrics(test.classes, test.confusion),
    confusion: test.confusion,
    cellImages: test.classes.map(() => test.classes.map(() => [])),
    mistakes: [],
    skipped: 0,
  };
}

export interface EvaluationDependencies {
  readonly stores: Pick<
    LibraryStores,
    'datasets' | 'images' | 'runs' | 'models' | 'tensors' | 'blobs'
  >;
  /** The library database, which the engine opens to read the test split's tensors. */
  readonly dbPath: string;
  readonly models: ModelFolders;
  /** The engine host, made on first use. */
  readonly host: () => EngineHost;
  readonly logger: Logger;
  /** A run's "none of these" rule (CalibrationService.rule); none when absent. */
  readonly confidence?: (runId: RunId) => Promise<ConfidenceRule>;
}

export class EvaluationService {
  readonly #stores: EvaluationDependencies['stores'];
  readonly #deps: EvaluationDependencies;

  constructor(deps: EvaluationDependencies) {
    this.#deps = deps;
    this.#stores = deps.stores;
  }

  /** Called when a run ends with a model; a failed save is logged, never fails the run. */
  async persist(runId: RunId): Promise<ModelInfo | null> {
    const run = this.#stores.runs.get(runId);
    if (!run) return null;
    const path = this.#deps.models.pathOf(runId);
    try {
      const saved = await this.#deps.host().runModelTask({
        op: 'save',
        runId,
        dir: this.#deps.models.resolve(path),
      });
      this.#stores.models.record({
        runId,
        format: 'tfjs-layers',
        path,
        bytes: saved.bytes,
        inputSize: run.inputSize,
        classes: run.classes,
      });
      return this.model(runId);
    } catch (error) {
      this.#deps.logger.error(`cannot save the model of run ${runId}`, error);
      return null;
    }
  }

  model(runId: RunId): ModelInfo | null {
    const saved = this.#stores.models.get(runId);
    return saved ? toInfo(saved) : null;
  }

  modelRef(runId: RunId): { ref: ModelRef; run: RunSummary; saved: SavedModel } {
    const run = this.#stores.runs.get(runId);
    if (!run) throw new FoveaError('not_found', `There is no run with id ${runId}.`);
    const saved = this.#stores.models.get(runId);
    if (!saved)
      throw new FoveaError(
        'not_found',
        `Run ${runId} has no saved model (it did not finish, or it was trained before Fovea saved models).`,
      );
    return { ref: { runId, dir: this.#deps.models.resolve(saved.path) }, run, saved };
  }

  /** The dataset's test images now, labelled with the model's class indices (by class name). */
  testPlan(run: RunSummary): TestPlan {
    return this.splitPlan(run, 'test');
  }

  /** One split's images now, labelled with the model's class indices (by class name). */
  splitPlan(run: RunSummary, split: Split): TestPlan {
    const dataset = this.#stores.datasets.getDataset(run.datasetId);
    const nameOf = new Map(dataset.classes.map((c) => [c.id, c.name]));
    const indexOf = new Map(run.classes.map((name, index) => [name, index]));
    const items: PlanItem[] = [];
    let skipped = 0;
    for (const image of this.#stores.images.trainable(dataset.id, run.inputSize)) {
      if (image.split !== split) continue;
      const label = indexOf.get(nameOf.get(image.classId) ?? '');
      if (label === undefined) skipped += 1;
      else items.push({ imageId: image.id, label });
    }
    const plan: DataPlan = {
      dbPath: this.#deps.dbPath,
      size: run.inputSize,
      classes: run.classes,
      splits: { train: [], val: [], test: [], [split]: items },
    };
    return {
      plan,
      images: items.map((item) => ({ imageId: item.imageId, label: item.label })),
      skipped,
    };
  }

  /** The model's probabilities on a split as it is now (empty when the split is). */
  async splitProbabilities(runId: RunId, split: Split): Promise<TestProbabilities> {
    const { ref, run } = this.modelRef(runId);
    await this.prepareTensors(run);
    const test = this.splitPlan(run, split);
    if (test.images.length === 0) return { run, test, probabilities: new Float32Array(0) };
    const result = await this.#deps
      .host()
      .runModelTask({ op: 'evaluate', model: ref, plan: test.plan, split });
    return { run, test, probabilities: new Float32Array(result.probabilities) };
  }

  /** The model's probabilities on the test split, in `testPlan` order. */
  async testProbabilities(runId: RunId): Promise<TestProbabilities> {
    const { ref, run } = this.modelRef(runId);
    await this.prepareTensors(run);
    const test = this.testPlan(run);
    if (test.images.length === 0)
      throw new FoveaError(
        'invalid_argument',
        'The dataset has no test images the model knows; put some images in the test split.',
      );
    const result = await this.#deps.host().runModelTask({
      op: 'evaluate',
      model: ref,
      plan: test.plan,
      split: 'test',
    });
    return { run, test, probabilities: new Float32Array(result.probabilities) };
  }

  async evaluate(runId: RunId): Promise<EvaluationReport> {
    const run = this.#stores.runs.get(runId);
    if (run && isPretrained(run) && !this.#stores.models.get(runId))
      return recordedReport(this.#stores.runs.detail(runId)!);
    return score(await this.testProbabilities(runId));
  }

  /**
   * A pretrained run's model takes the backbone's input size, which the dataset's stored tensors
   * are not: they are made once from the originals, decoded as the embeddings were, and kept.
   */
  async prepareTensors(run: RunSummary): Promise<void> {
    if (!isPretrained(run)) return;
    await ensureTensors(this.#stores, run.datasetId, run.inputSize, 4, tensorDecoding(run));
  }

  /** Any image file → class probabilities and its heat map, preprocessed as at import. */
  async predictImage(runId: RunId, bytes: Uint8Array): Promise<Explanation> {
    const { run, saved } = this.modelRef(runId);
    // The decoding of the run's stored tensors: the file scores as its stored tensor would.
    const decoding = tensorDecoding({ preset: run.preset, inputSize: saved.inputSize });
    const decoded = await decodeImage(Buffer.from(bytes), decoding);
    const rule = (await this.#deps.confidence?.(runId)) ?? noConfidenceRule;
    const explained = await this.#explain(runId, decoded.tensor, 1, null);
    const probabilities = scaleAll(explained.probabilities, saved.classes.length, rule.temperature);
    return { ...explained, probabilities, rule };
  }

  /** Heat maps of library images (their stored training tensors). */
  async heatmaps(
    runId: RunId,
    imageIds: readonly number[],
    classIndex: number | null,
  ): Promise<Explanation> {
    const { saved, run } = this.modelRef(runId);
    await this.prepareTensors(run);
    if (imageIds.length === 0 || imageIds.length > maxHeatmapImages)
      throw new FoveaError(
        'invalid_argument',
        `Ask for 1 to ${maxHeatmapImages} images, not ${imageIds.length}.`,
      );
    const imageBytes = saved.inputSize * saved.inputSize * 3;
    const pixels = new Uint8Array(imageIds.length * imageBytes);
    imageIds.forEach((imageId, index) => {
      const tensor = this.#stores.tensors.read(imageId, saved.inputSize);
      if (tensor?.length !== imageBytes)
        throw new FoveaError(
          'not_found',
          `Image ${imageId} has no ${saved.inputSize}×${saved.inputSize} tensor.`,
        );
      pixels.set(tensor, index * imageBytes);
    });
    return this.#explain(runId, pixels, imageIds.length, classIndex);
  }

  async #explain(
    runId: RunId,
    pixels: Uint8Array,
    count: number,
    classIndex: number | null,
  ): Promise<Explanation> {
    const { ref, saved } = this.modelRef(runId);
    if (
      classIndex !== null &&
      !(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < saved.classes.length)
    )
      throw new FoveaError(
        'invalid_argument',
        `The model has ${saved.classes.length} classes; there is no class ${classIndex}.`,
      );
    const images = pixels.slice().buffer;
    try {
      const result = await this.#deps.host().runModelTask({
        op: 'gradcam',
        model: ref,
        images,
        count,
        classIndex,
      });
      return {
        classes: result.classes,
        probabilities: new Float32Array(result.probabilities),
        heatmaps: new Float32Array(result.heatmaps),
        side: result.side,
        layer: result.layer,
      };
    } catch (error) {
      if (!(error instanceof FoveaError && error.code === 'unsupported')) throw error;
      // No convolution (the MLP preset): probabilities only.
      const result = await this.#deps
        .host()
        .runModelTask({ op: 'predict', model: ref, images, count });
      return {
        classes: result.classes,
        probabilities: new Float32Array(result.probabilities),
        heatmaps: null,
        side: 0,
        layer: null,
      };
    }
  }
}

function toInfo(saved: SavedModel): ModelInfo {
  return {
    runId: saved.runId,
    bytes: saved.bytes,
    inputSize: saved.inputSize,
    classes: saved.classes,
    createdAt: saved.createdAt,
  };
}
