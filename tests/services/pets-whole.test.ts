/**
 * Everything downstream of a pretrained run, on real photos: the run's whole network (bundled
 * MobileNetV2 truncated at the default layers → pooled → head) is saved as its model; Evaluate
 * scores the test split as the head's own report did; calibration, try-an-image, Grad-CAM,
 * classify-a-folder and `fovea predict RUN FOLDER` work on it; TF.js and ONNX exports re-predict
 * the whole test split alike, and the ONNX one passes the official checker and runs in OpenCV.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPredictCommand } from '../../app/cli/node/evaluate-command.js';
import { ForkEngineHost } from '../../app/engine/node/fork-engine-host.js';
import type { Services } from '../../app/services/node/services.js';
import { score } from '../../app/services/node/evaluation-service.js';
import { openServices } from '../../app/services/node/services.js';
import { onnxClientsMissing, runOnnxClients } from '../engine/onnx-clients.js';

const root = join(import.meta.dirname, '../..');
const pets = resolve(root, '../shared/data/pets');
const hasPets = existsSync(join(pets, 'test'));
if (!hasPets) console.warn(`Skipping the pets whole-network test: ${pets} is not there.`);
const missingClients = onnxClientsMissing();
if (missingClients !== null) console.warn(`Skipping the pets ONNX clients: ${missingClients}`);

/** Wall time of each phase, printed for whoever wonders where the minutes go (not asserted). */
function phases(): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    console.info(`pets whole network: ${name} ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
  };
}

const topOf = (values: ArrayLike<number>, row: number, classes: number) => {
  let best = 0;
  for (let index = 1; index < classes; index++)
    if (values[row * classes + index]! > values[row * classes + best]!) best = index;
  return best;
};

describe.skipIf(!hasPets)('a pretrained run’s whole network on the pets photos', () => {
  let work = '';
  let services: Services | undefined;

  afterAll(async () => {
    await services?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('evaluates, explains, classifies and exports as the head run scored', async () => {
    const phase = phases();
    work = await mkdtemp(join(tmpdir(), 'fovea-pets-whole-'));
    services = await openServices({
      libraryDir: join(work, 'library'),
      mode: 'cli',
      version: 'test',
      createEngineHost: () => new ForkEngineHost(join(root, 'dist', 'engine.js')),
      backbonesDir: join(root, 'dist', 'backbones'),
    });
    const datasetId = services.stores.datasets.createDataset('pets').id;
    await (
      await services.imports.start({ datasetId, paths: [join(pets, 'train'), join(pets, 'test')] })
    ).done;
    phase('import');
    const { runId, done } = services.training.start({ datasetId, from: 'mobilenet-v2' });
    expect(await done).not.toBeNull();
    const run = services.training.detail(runId);
    expect(services.evaluation.model(runId)).toMatchObject({ inputSize: 224 });
    phase('embed, head and save');

    // Evaluate: the whole network on tensors decoded as the embeddings were.
    const tested = await services.evaluation.testProbabilities(runId);
    phase('224 tensors and evaluate');
    const classes = run.classes.length;
    const report = score(tested);
    console.info(
      `pets whole network: head report ${run.testAccuracy}, whole network ${report.accuracy}`,
    );
    expect(report.count).toBe(200);
    // The head scored float16-cached embeddings; the network computes them in float32: at most
    // one of the 200 images may land on the other side, counted in images, since 0.87 − 0.865 is
    // 0.0050000000000000044 in floating point.
    const correct = (accuracy: number) => Math.round(accuracy * 200);
    expect(Math.abs(correct(report.accuracy) - correct(run.testAccuracy!))).toBeLessThanOrEqual(1);
    expect(report.mistakes.length).toBe(Math.round((1 - report.accuracy) * 200));

    // Calibration, try an image, Grad-CAM on the last convolution.
    const calibration = await services.calibration.report(runId);
    expect(calibration.runId).toBe(runId);
    expect(calibration.test.tops).toHaveLength(200);
    const file = join(pets, 'test', 'cat', readdirSync(join(pets, 'test', 'cat'))[0]!);
    const tried = await services.evaluation.predictImage(runId, await readFile(file));
    expect(tried.probabilities).toHaveLength(classes);
    expect(tried.layer).toBe('block_16_project_BN');
    expect(tried.side).toBe(7);
    const heat = await services.evaluation.heatmaps(runId, [tested.test.images[0]!.imageId], null);
    expect(heat.heatmaps).toHaveLength(49);
    phase('calibration, try an image, Grad-CAM');

    // `fovea predict RUN FOLDER` (the classify service): each file as Evaluate scored it.
    const printed: string[] = [];
    const io = {
      out: (text: string) => printed.push(text),
      err: (text: string) => printed.push(text),
    };
    const code = await runPredictCommand(
      services,
      [String(runId), join(pets, 'test')],
      { isJson: true, csv: undefined },
      io,
    );
    expect(code).toBe(0);
    const predicted = JSON.parse(printed.join('\n')) as {
      images: { topClass: string; inLibrary: { imageId: number } | null }[];
    };
    expect(predicted.images).toHaveLength(200);
    const appTop = new Map(
      tested.test.images.map((image, row) => [
        image.imageId,
        run.classes[topOf(tested.probabilities, row, classes)],
      ]),
    );
    const disagreeing = predicted.images.filter(
      (image) => image.inLibrary === null || appTop.get(image.inLibrary.imageId) !== image.topClass,
    );
    expect(disagreeing).toEqual([]);
    phase('fovea predict RUN FOLDER');

    // Exports, each verified on the whole test split.
    for (const format of ['tfjs', 'onnx'] as const) {
      const exported = await services.exports.export({
        runId,
        format,
        target: join(work, `export-${format}`),
      });
      expect(exported.verification, format).toMatchObject({ passed: true });
      expect(exported.verification!.agreement.images).toBe(200);
      expect(exported.files).toContain('confidence.json');
      phase(`${format} export and check`);
    }
    if (missingClients !== null) return;
    const onnx = await readFile(join(work, 'export-onnx', 'model.onnx'));
    const size = 224;
    const first = tested.test.images;
    const input = new Float32Array(first.length * size * size * 3);
    first.forEach((image, row) => {
      const tensor = services!.stores.tensors.read(image.imageId, size, 'squash')!;
      for (let index = 0; index < tensor.length; index++)
        input[row * tensor.length + index] = tensor[index]! / 255;
    });
    const clients = runOnnxClients(new Uint8Array(onnx), input, [first.length, size, size, 3]);
    expect(clients.checker).toBe('ok');
    phase('ONNX checker and OpenCV');
    clients.opencv.forEach((row, image) =>
      row.forEach((value, index) =>
        expect(value).toBeCloseTo(tested.probabilities[image * classes + index]!, 3),
      ),
    );
  }, 900_000);
});
