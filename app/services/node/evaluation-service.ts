/**
 * After training: saves each finished run's model into the library (`models/<runId>/`), and
 * answers what the model does — on the current test split (labels as they are now, so a relabel
 * shows up at once), on one dropped image (the import's preprocessing, `decodeImage`), and where
 * it looks (Grad-CAM). The engine does the tensor work; this builds its inputs from the library.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineHost } from '../../engine/common/engine-host.js';
import type { DataPlan, PlanItem } from '../../engine/common/data-source.js';
import type { EvaluationReport, ScoredImage } from '../../engine/common/evaluation.js';
import type { Explanation, ModelInfo } from '../../engine/common/exports.js';
import { scoreEvaluation } from '../../engine/common/evaluation.js';
import type { ModelRef } from '../../engine/common/model-tasks.js';
import { decodeImage } from '../../images/node/process-image.js';
import { FoveaError, toErrorInfo } from '../../base/common/errors.js';
import type { RunSummary } from '../../library/common/runs.js';
import type { ModelRepository, SavedModel } from '../../library/node/model-repository.js';
import type { LibraryContext } from './library-context.js';
import { databasePath } from './library-context.js';

/** The test images of a dataset as a run's model sees them, and those it cannot score. */
export interface TestPlan {
  readonly plan: DataPlan;
  readonly images: ScoredImage[];
  readonly skipped: number;
}

export const maxHeatmapImages = 64;

export class EvaluationService {
  constructor(
    private readonly context: LibraryContext,
    private readonly models: ModelRepository,
    private readonly host: () => EngineHost,
  ) {}

  engine(): EngineHost {
    return this.host();
  }

  /** Called when a run ends with a model; a failed save is logged, never fails the run. */
  async persist(runId: number): Promise<ModelInfo | null> {
    const run = this.context.runs.get(runId);
    if (!run) return null;
    const path = `models/${runId}`;
    try {
      const saved = await this.host().runModelTask({
        op: 'save',
        runId: String(runId),
        dir: join(this.context.dir, path),
      });
      const bytes = saved.op === 'saved' ? saved.bytes : 0;
      this.models.record({
        runId,
        format: 'tfjs-layers',
        path,
        bytes,
        inputSize: run.inputSize,
        classes: run.classes,
      });
      return this.model(runId);
    } catch (error) {
      process.stderr.write(
        `Fovea: cannot save the model of run ${runId}: ${toErrorInfo(error).message}\n`,
      );
      return null;
    }
  }

  model(runId: number): ModelInfo | null {
    const saved = this.models.get(runId);
    return saved ? toInfo(saved) : null;
  }

  /** The folder of a run's saved model, if it has one. */
  modelDir(runId: number): string | null {
    const saved = this.models.get(runId);
    return saved ? join(this.context.dir, saved.path) : null;
  }

  /** Removes model folders whose run is gone. */
  async collect(existing: readonly string[]): Promise<void> {
    const live = this.models.paths();
    for (const name of existing)
      if (/^\d+$/.test(name) && !live.has(`models/${name}`))
        await rm(join(this.context.dir, 'models', name), { recursive: true, force: true });
  }

  modelRef(runId: number): { ref: ModelRef; run: RunSummary; saved: SavedModel } {
    const run = this.context.runs.get(runId);
    if (!run) throw new FoveaError('not_found', `There is no run with id ${runId}.`);
    const saved = this.models.get(runId);
    if (!saved)
      throw new FoveaError(
        'not_found',
        `Run ${runId} has no saved model (it did not finish, or it was trained before Fovea saved models).`,
      );
    return { ref: { runId: String(runId), dir: join(this.context.dir, saved.path) }, run, saved };
  }

  /** The dataset's test images now, labelled with the model's class indices (by class name). */
  testPlan(run: RunSummary): TestPlan {
    const dataset = this.context.library.getDataset(run.datasetId);
    const nameOf = new Map(dataset.classes.map((c) => [c.id, c.name]));
    const indexOf = new Map(run.classes.map((name, index) => [name, index]));
    const items: PlanItem[] = [];
    let skipped = 0;
    for (const image of this.context.images.trainable(dataset.id, run.inputSize)) {
      if (image.split !== 'test') continue;
      const label = indexOf.get(nameOf.get(image.classId) ?? '');
      if (label === undefined) skipped += 1;
      else items.push({ imageId: image.id, label });
    }
    const plan: DataPlan = {
      dbPath: databasePath(this.context.dir),
      size: run.inputSize,
      classes: run.classes,
      splits: { train: [], val: [], test: items },
    };
    return {
      plan,
      images: items.map((item) => ({ imageId: item.imageId, label: item.label })),
      skipped,
    };
  }

  /** The model's probabilities on the test split, in `testPlan` order. */
  async testProbabilities(runId: number): Promise<{ test: TestPlan; probabilities: Float32Array }> {
    const { ref, run } = this.modelRef(runId);
    const test = this.testPlan(run);
    if (test.images.length === 0)
      throw new FoveaError(
        'invalid_argument',
        'The dataset has no test images the model knows; put some images in the test split.',
      );
    const result = await this.host().runModelTask({
      op: 'evaluate',
      model: ref,
      plan: test.plan,
      split: 'test',
    });
    if (result.op !== 'probabilities')
      throw new FoveaError('internal', `The engine answered ${result.op}.`);
    return { test, probabilities: new Float32Array(result.probabilities) };
  }

  async evaluate(runId: number): Promise<EvaluationReport> {
    const { test, probabilities } = await this.testProbabilities(runId);
    const run = this.modelRef(runId).run;
    return scoreEvaluation(
      { runId, datasetId: run.datasetId, skipped: test.skipped },
      run.classes,
      test.images,
      probabilities,
    );
  }

  /** Any image file → class probabilities and its heat map, preprocessed as at import. */
  async predictImage(runId: number, bytes: Uint8Array): Promise<Explanation> {
    const { saved } = this.modelRef(runId);
    const decoded = await decodeImage(Buffer.from(bytes), {
      tensorSize: saved.inputSize,
      thumbnailSize: 16,
    });
    return this.#explain(runId, decoded.tensor, 1, null);
  }

  /** Heat maps of library images (their stored training tensors). */
  async heatmaps(
    runId: number,
    imageIds: readonly number[],
    classIndex: number | null,
  ): Promise<Explanation> {
    const { saved } = this.modelRef(runId);
    if (imageIds.length === 0 || imageIds.length > maxHeatmapImages)
      throw new FoveaError(
        'invalid_argument',
        `Ask for 1 to ${maxHeatmapImages} images, not ${imageIds.length}.`,
      );
    const select = this.context.db.prepare<[number, number], { data: Buffer }>(
      'SELECT data FROM tensors WHERE image_id = ? AND size = ?',
    );
    const imageBytes = saved.inputSize * saved.inputSize * 3;
    const pixels = new Uint8Array(imageIds.length * imageBytes);
    imageIds.forEach((imageId, index) => {
      const row = select.get(imageId, saved.inputSize);
      if (row?.data.length !== imageBytes)
        throw new FoveaError(
          'not_found',
          `Image ${imageId} has no ${saved.inputSize}×${saved.inputSize} tensor.`,
        );
      pixels.set(row.data, index * imageBytes);
    });
    return this.#explain(runId, pixels, imageIds.length, classIndex);
  }

  async #explain(
    runId: number,
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
      const result = await this.host().runModelTask({
        op: 'gradcam',
        model: ref,
        images,
        count,
        classIndex,
      });
      if (result.op !== 'gradcam')
        throw new FoveaError('internal', `The engine answered ${result.op}.`);
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
      const result = await this.host().runModelTask({ op: 'predict', model: ref, images, count });
      if (result.op !== 'probabilities')
        throw new FoveaError('internal', `The engine answered ${result.op}.`);
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
