/** `fovea evaluate`, `fovea predict` and `fovea export`: a trained model from the command line. */
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
import type { ModelRef, SavedModelInfo } from '../../engine/common/model-tasks.js';
import { savedModelFiles } from '../../engine/common/model-tasks.js';
import { decodeImage } from '../../images/node/process-image.js';
import { toErrorInfo } from '../../base/common/errors.js';
import type { Services } from '../../services/node/services.js';
import type { CliIo } from './cli-io.js';
import { parseId, UsageError } from './cli-io.js';
import { isFolderRequest, runClassifyFolder } from './classify-command.js';

export const evaluateUsage = `fovea evaluate --run ID [--json]
fovea predict RUN_ID|EXPORTED_TFJS_FOLDER IMAGE… [--json]
fovea predict RUN_ID FOLDER|IMAGE… [--csv FILE] [--json]
fovea export --run ID --format tfjs|onnx|dataset --out DIR [--json]`;

const percent = (value: number | null) =>
  value === null || Number.isNaN(value) ? '—' : `${(100 * value).toFixed(1)}%`;

export async function runEvaluateCommand(
  services: Services,
  run: string | undefined,
  isJson: boolean,
  io: CliIo,
): Promise<number> {
  const runId = parseId(run, 'run');
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
): Promise<{ ref: ModelRef; info: SavedModelInfo; rule: ConfidenceRule }> {
  if (/^\d+$/.test(model)) {
    const { ref, saved } = services.evaluation.modelRef(Number(model));
    const rule = await services.calibration.rule(Number(model));
    return { ref, info: { classes: saved.classes, size: saved.inputSize }, rule };
  }
  const dir = resolve(model);
  let info: SavedModelInfo;
  try {
    info = JSON.parse(await readFile(join(dir, savedModelFiles.info), 'utf8')) as SavedModelInfo;
  } catch (error) {
    throw new UsageError(
      `${model} is neither a run id nor a Fovea TF.js export (${toErrorInfo(error).message}).`,
    );
  }
  return { ref: { runId: null, dir }, info, rule: await exportedRule(dir) };
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
  const { ref, info, rule } = await resolveModel(services, model);
  let failures = 0;
  for (const image of images) {
    try {
      // The import's decoding (and working size), so an image scores as its stored tensor does.
      const decoded = await decodeImage(await readFile(image), { tensorSize: info.size });
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

export async function runExportCommand(
  services: Services,
  args: {
    run: string | undefined;
    format: string | undefined;
    out: string | undefined;
    isJson: boolean;
  },
  io: CliIo,
): Promise<number> {
  const format = args.format as ExportKind | undefined;
  if (format !== 'tfjs' && format !== 'onnx' && format !== 'dataset')
    throw new UsageError(`--format must be tfjs, onnx or dataset.\n${evaluateUsage}`);
  if (args.out === undefined) throw new UsageError(`--out DIR is required.\n${evaluateUsage}`);
  const result = await services.exports.export({
    format,
    runId: parseId(args.run, 'run'),
    target: resolve(args.out),
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
