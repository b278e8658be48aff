/**
 * Exports, each checked by Fovea after writing it:
 * - `tfjs`: model.json + weights.bin, loaded back with tfjs and run on the test split (same top-1
 *   on every image);
 * - `onnx`: model.onnx, run with onnxruntime-web on the test split (same top-1, probabilities
 *   within `onnxTolerance`);
 * - `dataset`: an ImageFolder tree + manifest.csv, every file read back against its SHA-256.
 * Each holds a README (how to load it), labels, preprocessing and a model card.
 *
 * Where: a folder the user chose (desktop save dialog, CLI `--out`), which must be new or empty;
 * every path written is resolved inside it. In web mode there is no such folder: the export is
 * written to the library's `exports/` and handed over as one .tar (`downloadPath`, served with the
 * thumbnails under the media route, behind the same cookie).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { compareProbabilities } from '../../engine/common/evaluation.js';
import type { ExportRequest, ExportResult, Verification } from '../../engine/common/exports.js';
import type { ExportFormat } from '../../engine/common/model-tasks.js';
import { FoveaError } from '../../base/common/errors.js';
import { safeSegment } from '../../library/common/safe-names.js';
import { containedPath } from '../../base/node/contained-path.js';
import { exportDatasetFolder } from '../../library/node/dataset-export.js';
import { tarFolder } from '../../library/node/tar-writer.js';
import type { EngineHost } from '../../engine/common/engine-host.js';
import type { RunId } from '../../engine/common/run-id.js';
import type { LibraryStores } from '../../library/node/stores.js';
import type { EvaluationService } from './evaluation-service.js';
import { score } from './evaluation-service.js';
import {
  confidenceJson,
  confidenceReadme,
  datasetReadme,
  modelCard,
  modelReadme,
  preprocessingOf,
} from './export-docs.js';
import type { ConfidenceRule } from '../../engine/common/calibration.js';
import { confidenceFile, noConfidenceRule } from '../../engine/common/calibration.js';

/**
 * The largest difference in any class probability between Fovea and onnxruntime for an ONNX
 * export to count as verified. The export folds batch normalisation into the convolutions and
 * onnxruntime sums in its own order, so a pretrained whole network (MobileNetV2, ~50 layers)
 * differs by up to 3e-4 (measured over repeated runs; 1e-4 failed one verification in four).
 */
export const onnxTolerance = 1e-3;

export interface ExportDependencies {
  readonly stores: Pick<LibraryStores, 'datasets' | 'gallery' | 'blobs' | 'runs'>;
  /** Where web-mode downloads are staged (`<library>/exports`). */
  readonly exportsDir: string;
  readonly evaluation: EvaluationService;
  /** The engine host, made on first use: it writes and checks model exports. */
  readonly host: () => EngineHost;
  /** Whether an export may be written to a folder the caller names (not in web mode). */
  readonly allowTargets: boolean;
  /** A run's "none of these" rule, written into model exports; none when absent. */
  readonly confidence?: (runId: RunId) => Promise<ConfidenceRule>;
}

export class ExportService {
  readonly #exportsDir: string;
  readonly #stores: ExportDependencies['stores'];

  constructor(private readonly deps: ExportDependencies) {
    this.#exportsDir = deps.exportsDir;
    this.#stores = deps.stores;
  }

  /** Forgets downloads of an earlier session. */
  async clear(): Promise<void> {
    await rm(this.#exportsDir, { recursive: true, force: true });
  }

  /** The path of a finished download (`exports/<id>.tar`), or undefined. */
  downloadFile(path: string): string | undefined {
    const match = /^exports\/([0-9a-f]{16})\.tar$/.exec(path);
    return match ? join(this.#exportsDir, `${match[1]}.tar`) : undefined;
  }

  async export(request: ExportRequest): Promise<ExportResult> {
    const { name, write } = this.#plan(request);
    if (request.target !== undefined) {
      if (!this.deps.allowTargets)
        throw new FoveaError(
          'forbidden',
          'In web mode an export is downloaded, not written to a folder.',
        );
      const folder = await prepareTarget(request.target);
      return { ...(await write(folder)), folder, downloadPath: null, downloadName: null };
    }
    const id = randomBytes(8).toString('hex');
    const staging = containedPath(this.#exportsDir, id, name);
    await mkdir(staging, { recursive: true });
    try {
      const written = await write(staging);
      const tar = await tarFolder(staging, name);
      await writeFile(containedPath(this.#exportsDir, `${id}.tar`), tar);
      return {
        ...written,
        folder: null,
        downloadPath: `exports/${id}.tar`,
        downloadName: `${name}.tar`,
      };
    } finally {
      await rm(containedPath(this.#exportsDir, id), { recursive: true, force: true });
    }
  }

  #plan(request: ExportRequest): {
    name: string;
    write: (
      folder: string,
    ) => Promise<Omit<ExportResult, 'folder' | 'downloadPath' | 'downloadName'>>;
  } {
    if (request.format === 'dataset') {
      const datasetId =
        request.datasetId ??
        (request.runId === undefined
          ? undefined
          : this.deps.evaluation.modelRef(request.runId).run.datasetId);
      if (datasetId === undefined)
        throw new FoveaError('invalid_argument', 'Name the dataset to export.');
      const dataset = this.#stores.datasets.getDataset(datasetId);
      return {
        name: safeSegment(`${dataset.name}-imagefolder`, 'dataset'),
        write: async (folder) => {
          const summary = await exportDatasetFolder(
            this.#stores.gallery,
            this.#stores.blobs,
            datasetId,
            folder,
          );
          await writeFile(
            containedPath(folder, 'README.md'),
            datasetReadme(dataset, summary.counts),
          );
          return {
            format: 'dataset',
            files: ['README.md', ...summary.files],
            verification: null,
            dataset: summary,
          };
        },
      };
    }
    if (request.runId === undefined)
      throw new FoveaError('invalid_argument', 'Name the run whose model to export.');
    const runId = request.runId;
    const format = request.format;
    const { run } = this.deps.evaluation.modelRef(runId);
    const dataset = this.#stores.datasets.getDataset(run.datasetId);
    return {
      name: safeSegment(`${dataset.name}-run${runId}-${format}`, 'model'),
      write: (folder) => this.#writeModel(runId, format, folder),
    };
  }

  async #writeModel(
    runId: RunId,
    format: ExportFormat,
    folder: string,
  ): Promise<Omit<ExportResult, 'folder' | 'downloadPath' | 'downloadName'>> {
    const { ref, run } = this.deps.evaluation.modelRef(runId);
    const detail = this.#stores.runs.detail(runId);
    if (!detail) throw new FoveaError('not_found', `There is no run with id ${runId}.`);
    const dataset = this.#stores.datasets.getDataset(run.datasetId);
    const tested = await this.deps.evaluation.testProbabilities(runId);
    const { test, probabilities } = tested;
    const host = this.deps.host();
    const written = await host.runModelTask({ op: 'export', model: ref, format, dir: folder });
    const verified = await host.runModelTask({
      op: 'verify',
      format,
      dir: folder,
      plan: test.plan,
      split: 'test',
    });
    const agreement = compareProbabilities(
      probabilities,
      new Float32Array(verified.probabilities),
      run.classes.length,
    );
    const tolerance = format === 'onnx' ? onnxTolerance : null;
    const verification: Verification = {
      method:
        format === 'onnx'
          ? 'Run with onnxruntime-web (WebAssembly) in Node'
          : 'Loaded back with TensorFlow.js',
      agreement,
      tolerance,
      passed:
        agreement.images === test.images.length &&
        agreement.sameTop1 === agreement.images &&
        (tolerance === null || agreement.maxProbabilityDifference <= tolerance),
    };
    // The same probabilities as the agreement check: the test split is predicted once.
    const report = score(tested);
    const card = modelCard(detail, dataset, report);
    const rule = (await this.deps.confidence?.(runId)) ?? noConfidenceRule;
    const texts: [string, string][] = [
      ['labels.json', JSON.stringify(run.classes, null, 2)],
      ['preprocessing.json', JSON.stringify(preprocessingOf(run.inputSize, run.fit), null, 2)],
      ['model-card.md', card.markdown],
      ['model-card.json', JSON.stringify(card.json, null, 2)],
      ['verification.json', JSON.stringify(verification, null, 2)],
      [confidenceFile, JSON.stringify(confidenceJson(rule), null, 2)],
      ['README.md', modelReadme(format, detail, dataset, verification) + confidenceReadme(rule)],
    ];
    for (const [name, text] of texts) await writeFile(containedPath(folder, name), `${text}\n`);
    // fovea.json is Fovea's own note beside a tfjs model; keep it (it is what `fovea predict` reads).
    return {
      format,
      files: [...written.files, ...texts.map(([name]) => name)],
      verification,
      dataset: null,
    };
  }
}

/** An absolute folder that is new or empty; created. */
async function prepareTarget(target: string): Promise<string> {
  if (!isAbsolute(target))
    throw new FoveaError(
      'invalid_argument',
      `The export folder must be an absolute path: ${target}`,
    );
  const folder = resolve(target);
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new FoveaError('io', `Cannot use ${folder}: ${error.message}`, { cause: error });
  });
  if (entries.length > 0)
    throw new FoveaError('conflict', `${folder} is not empty; choose a new folder for the export.`);
  await mkdir(folder, { recursive: true });
  return folder;
}
