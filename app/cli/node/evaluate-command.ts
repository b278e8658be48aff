/** `fovea evaluate`, `fovea predict` and `fovea export`: a trained model from the command line. */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { argMax } from '../../engine/common/evaluation.js';
import type { ConfidenceRule } from '../../engine/common/calibration.js';
import {
  confidenceFile,
  isSure,
  noConfidenceRule,
  notSureLabel,
  withTemperature,
} from '../../engine/common/calibration.js';
import type { ExportKind } from '../../engine/common/exports.js';
import { defaultFit, isFit } from '../../images/common/fit.js';
import type { ModelRef, SavedModelInfo } from '../../engine/common/model-tasks.js';
import { savedModelFiles } from '../../engine/common/model-tasks.js';
import type { DecodeOptions } from '../../images/node/process-image.js';
import { decodeImage } from '../../images/node/process-image.js';
import { tensorDecoding } from '../../services/node/evaluation-service.js';
import { toErrorInfo } from '../../base/common/errors.js';
import type { Services } from '../../services/node/services.js';
import type { CliIo } from './cli-io.js';
import { parseId, UsageError } from './cli-io.js';
import { isFolderRequest, runClassifyFolder } from './classify-command.js';
import { resolveDataset } from './datasets-command.js';

export const evaluateUsage = `fovea evaluate --run ID [--json]
fovea predict RUN_ID|EXPORTED_TFJS_FOLDER IMAGE… [--json]
fovea predict RUN_ID FOLDER|IMAGE… [--csv FILE] [--json]   (every image under the folders, as a table)
fovea export --run ID --format tfjs|onnx|dataset --out DIR [--json]
fovea export --dataset NAME --format dataset --out DIR [--json]`;

const percent = (value: number | null) =>
  value === null || Number.isNaN(value) ? '—' : `${(100 * value).toFixed(1)}%`;

export async function runEvaluateCommand(
  services: Services,
  runId: number,
  isJson: boolean,
  io: CliIo,
): Promise<number> {
  const report = await services.evaluation.evaluate(runId);
  if (isJson) {
    io.out(JSON.stringify(report));
    return 0;
  }
  io.out(
    `Run ${runId}: ${report.count} test images, accuracy ${percent(report.accuracy)}, loss ${report.loss.toFixed(4)}`,
  );
  for (const c of report.perClass)
    io.out(
      `  ${c.name}: precision ${percent(c.precision)}, recall ${percent(c.recall)}, ${c.support} images`,
    );
  io.out(`Confusion (rows actual, columns predicted: ${report.classes.join(', ')}):`);
  for (const [index, row] of report.confusion.entries())
    io.out(`  ${report.classes[index]}: ${row.join(' ')}`);
  io.out(
    `${report.mistakes.length} mistakes; the worst: ${
      report.mistakes
        .slice(0, 5)
        .map((m) => `image ${m.imageId}`)
        .join(', ') || 'none'
    }`,
  );
  return 0;
}

/** A run id, or a folder holding an export (model.json + fovea.json). */
async function resolveModel(
  services: Services,
  model: string,
): Promise<{ ref: ModelRef; info: SavedModelInfo; rule: ConfidenceRule; decode: DecodeOptions }> {
  if (/^\d+$/.test(model)) {
    const { ref, saved, run } = services.evaluation.modelRef(Number(model));
    const rule = await services.calibration.rule(Number(model));
    const decode = tensorDecoding({ ...run, inputSize: saved.inputSize });
    return {
      ref,
      info: { classes: saved.classes, size: saved.inputSize, fit: run.fit },
      rule,
      decode,
    };
  }
  const dir = resolve(model);
  let info: SavedModelInfo;
  try {
    const read = JSON.parse(await readFile(join(dir, savedModelFiles.info), 'utf8')) as Omit<
      SavedModelInfo,
      'fit'
    > & { fit?: unknown };
    // Exports made before the choice of fit were squashed.
    info = { ...read, fit: isFit(read.fit) ? read.fit : defaultFit };
  } catch (error) {
    throw new UsageError(
      `${model} is neither a run id nor a Fovea TF.js export (${toErrorInfo(error).message}).`,
    );
  }
  const decode = { tensorSize: info.size, fit: info.fit };
  return { ref: { runId: null, dir }, info, rule: await exportedRule(dir), decode };
}

/** The rule an export carries in its `confidence.json`; none for an older export. */
async function exportedRule(dir: string): Promise<ConfidenceRule> {
  const text = await readFile(join(dir, confidenceFile), 'utf8').catch(() => null);
  if (text === null) return noConfidenceRule;
  const { threshold, temperature } = JSON.parse(text) as ConfidenceRule;
  return { threshold, temperature };
}

export async function runPredictCommand(
  services: Services,
  [model, ...images]: string[],
  { isJson, csv }: { isJson: boolean; csv: string | undefined },
  io: CliIo,
): Promise<number> {
  if (model === undefined || images.length === 0) throw new UsageError(`Usage: ${evaluateUsage}`);
  if (await isFolderRequest(images, csv))
    return runClassifyFolder(services, { run: model, paths: images, csv, isJson }, io);
  const { ref, rule, decode } = await resolveModel(services, model);
  let failures = 0;
  for (const image of images) {
    try {
      // The stored tensors' decoding (the import's with the model's fit, or a backbone's for a
      // pretrained run's model), so an image scores as its stored tensor does.
      const decoded = await decodeImage(await readFile(image), decode);
      const result = await services.engine().runModelTask({
        op: 'predict',
        model: ref,
        images: decoded.tensor.slice().buffer,
        count: 1,
      });
      const probabilities = withTemperature(
        new Float32Array(result.probabilities),
        rule.temperature,
      );
      const top = argMax(probabilities);
      const isImageSure = isSure(probabilities[top] ?? 0, rule);
      const label = isImageSure ? result.classes[top] : notSureLabel;
      if (isJson)
        io.out(
          JSON.stringify({
            image,
            class: label,
            topClass: result.classes[top],
            isSure: isImageSure,
            probabilities: Object.fromEntries(
              result.classes.map((name, index) => [name, probabilities[index]]),
            ),
          }),
        );
      else
        io.out(
          `${image}: ${label} (${result.classes[top]} ${percent(probabilities[top] ?? null)})`,
        );
    } catch (error) {
      failures += 1;
      io.err(`${image}: ${toErrorInfo(error).message}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

export interface ExportPlan {
  readonly format: ExportKind;
  readonly runId: number | undefined;
  readonly dataset: string | undefined;
  readonly out: string;
  readonly isJson: boolean;
}

/** Checks `fovea export`'s options before anything is opened. */
export function parseExportArguments(args: {
  run: string | undefined;
  dataset: string | undefined;
  format: string | undefined;
  out: string | undefined;
  isJson: boolean;
}): ExportPlan {
  const format = args.format as ExportKind | undefined;
  if (format !== 'tfjs' && format !== 'onnx' && format !== 'dataset')
    throw new UsageError(`--format must be tfjs, onnx or dataset.\n${evaluateUsage}`);
  if (args.out === undefined) throw new UsageError(`--out DIR is required.\n${evaluateUsage}`);
  const isDatasetNamed =
    format === 'dataset' && args.dataset !== undefined && args.run === undefined;
  return {
    format,
    runId: isDatasetNamed ? undefined : parseId(args.run, 'run'),
    dataset: isDatasetNamed ? args.dataset : undefined,
    out: resolve(args.out),
    isJson: args.isJson,
  };
}

export async function runExportCommand(
  services: Services,
  args: ExportPlan,
  io: CliIo,
): Promise<number> {
  const result = await services.exports.export({
    format: args.format,
    ...(args.runId === undefined ? {} : { runId: args.runId }),
    ...(args.dataset === undefined
      ? {}
      : { datasetId: resolveDataset(services.stores.datasets, args.dataset).id }),
    target: args.out,
  });
  const verification = result.verification;
  if (args.isJson) io.out(JSON.stringify(result));
  else {
    io.out(`Wrote ${result.files.length} files to ${result.folder ?? ''}.`);
    if (verification) {
      const { images, sameTop1, maxProbabilityDifference } = verification.agreement;
      io.out(
        `${verification.method}: same top class on ${sameTop1}/${images} test images, largest probability difference ${maxProbabilityDifference.toExponential(2)}: ${verification.passed ? 'passed' : 'FAILED'}.`,
      );
    }
    if (result.dataset)
      io.out(
        `${result.dataset.images} images copied and checked against their SHA-256 (${result.dataset.unlabeled} without a class left out).`,
      );
  }
  return verification === null || verification.passed ? 0 : 1;
}

/**
 * Checks that each image named on the command line is a file, before anything is opened: a
 * missing path or a folder is said so, with what to give instead.
 */
/**
 * Image files, or folders of them (classified as a table); a folder given beside `--json` alone
 * is read the same way. Refuses a path that is not there, before anything is opened.
 */
export function checkImageFiles(paths: readonly string[]): void {
  for (const path of paths) {
    if (!statSync(path, { throwIfNoEntry: false }))
      throw new UsageError(
        `${path}: there is no such file or folder. Give image files or a folder of images.`,
      );
  }
}
