/**
 * Evaluate, explain and export, through the services with a real engine process: a tiny model
 * trained on the built-in sample drawings (train/ and test/ folders), saved into the library,
 * loaded back after a restart, exported and checked.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkEngineHost } from '../../app/engine/node/fork-engine-host.js';
import { writeSample } from '../../app/images/node/sample.js';
import type { Services } from '../../app/services/node/services.js';
import { openServices } from '../../app/services/node/services.js';
import { buildPlan } from '../../app/services/node/training-plan.js';
import type { ProbedModel } from '../../app/engine/common/visuals.js';
import { dispatch } from '../../app/ipc/common/envelope.js';
import { databasePath } from '../../app/library/node/opened-library.js';

const root = join(import.meta.dirname, '../..');

function open(libraryDir: string): Promise<Services> {
  return openServices({
    libraryDir,
    mode: 'cli',
    version: 'test',
    createEngineHost: () =>
      new ForkEngineHost(join(root, 'dist', 'engine.js'), { backend: 'auto' }),
  });
}

async function importFolder(services: Services, datasetId: number, path: string): Promise<void> {
  const { done } = await services.imports.start({ datasetId, paths: [path] });
  await done;
}

describe('evaluate, explain and export', () => {
  let work: string;
  let library: string;
  let services: Services;
  let runId: number;
  let datasetId: number;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fovea-eval-'));
    library = join(work, 'library');
    await writeSample(join(work, 'source', 'train'), { perClass: 24, seed: 1 });
    await writeSample(join(work, 'source', 'test'), { perClass: 8, seed: 2 });
    services = await open(library);
    datasetId = services.stores.datasets.createDataset('shapes').id;
    await importFolder(services, datasetId, join(work, 'source'));
    const started = services.training.start({
      datasetId,
      presetId: 'tiny-vgg',
      config: { epochs: 2, batchSize: 16, patience: 0 },
    });
    runId = started.runId;
    expect(await started.done).not.toBeNull();
  }, 180_000);

  afterAll(async () => {
    await services?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('saves the model of a finished run into the library', async () => {
    const model = services.evaluation.model(runId);
    expect(model).toMatchObject({ runId, inputSize: 64 });
    expect((await readdir(join(library, 'models', String(runId)))).sort()).toEqual([
      'fovea.json',
      'model.json',
      'weights.bin',
    ]);
  });

  it('evaluates the test split: the confusion matrix adds up, cells list their images', async () => {
    const report = await services.evaluation.evaluate(runId);
    const test = services.training.detail(runId).testCount;
    expect(report.count).toBe(test);
    expect(report.confusion.flat().reduce((a, b) => a + b, 0)).toBe(test);
    report.confusion.forEach((row, actual) =>
      row.forEach((count, predicted) =>
        expect(report.cellImages[actual]![predicted]).toHaveLength(count),
      ),
    );
    const losses = report.mistakes.map((mistake) => mistake.loss);
    expect(losses).toEqual([...losses].sort((a, b) => b - a));
    expect(report.perClass.map((c) => c.support).reduce((a, b) => a + b, 0)).toBe(test);
  });

  it('predicts a dropped image file and explains two images with different heat maps', async () => {
    const sample = join(work, 'source', 'test');
    const classFolder = (await readdir(sample))[0]!;
    const file = (await readdir(join(sample, classFolder)))[0]!;
    const explained = await services.evaluation.predictImage(
      runId,
      await readFile(join(sample, classFolder, file)),
    );
    expect(explained.probabilities).toHaveLength(explained.classes.length);
    expect(explained.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(explained.side).toBe(32);
    const report = await services.evaluation.evaluate(runId);
    const ids = report.cellImages.flat(2).slice(0, 2);
    const maps = await services.evaluation.heatmaps(runId, ids, null);
    const area = maps.side * maps.side;
    const first = maps.heatmaps!.subarray(0, area);
    const second = maps.heatmaps!.subarray(area, 2 * area);
    expect(Math.max(...first)).toBeLessThanOrEqual(1);
    expect(first.some((value, index) => Math.abs(value - second[index]!) > 1e-3)).toBe(true);
  });

  it('predicts without a heat map when none is wanted, with the same probabilities', async () => {
    const sample = join(work, 'source', 'test');
    const classFolder = (await readdir(sample))[0]!;
    const bytes = await readFile(
      join(sample, classFolder, (await readdir(join(sample, classFolder)))[0]!),
    );
    const full = await services.evaluation.predictImage(runId, bytes);
    const quick = await services.evaluation.predictImage(runId, bytes, { heatmap: false });
    expect(quick.heatmaps).toBeNull();
    expect(full.heatmaps).not.toBeNull();
    quick.probabilities.forEach((p, i) => expect(p).toBeCloseTo(full.probabilities[i]!, 5));
    expect(quick.rule).toEqual(full.rule);
  });

  it("shows a finished model's feature maps for a probe picked after the run", async () => {
    const report = await services.evaluation.evaluate(runId);
    const [first, second] = report.cellImages.flat(2);
    const call = (imageId: number) =>
      dispatch(services.handlers, 'watch.probeModel', [runId, { imageId }]);
    const a = await call(first!);
    const b = await call(second!);
    if (!a.ok || !b.ok) throw new Error(JSON.stringify([a, b]));
    const probed = a.value as ProbedModel;
    // TinyVGG: conv, conv, pool, conv, conv, pool, each with 10 channels.
    expect(probed.probe).toMatchObject({ size: 64, imageId: first });
    expect(probed.maps.map((map) => [map.layerIndex, map.height, map.channels])).toEqual([
      [0, 64, 10],
      [1, 64, 10],
      [2, 32, 10],
      [3, 32, 10],
      [4, 32, 10],
      [5, 16, 10],
    ]);
    expect(probed.maps[0]!.pixels).toHaveLength(10 * 64 * 64);
    const other = (b.value as ProbedModel).maps[0]!.pixels;
    expect(Buffer.from(other).equals(Buffer.from(probed.maps[0]!.pixels))).toBe(false);
    expect(
      await dispatch(services.handlers, 'watch.probeModel', [9999, { imageId: first }]),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('exports TF.js and ONNX, each agreeing with the model on every test image', async () => {
    for (const format of ['tfjs', 'onnx'] as const) {
      const target = join(work, `export-${format}`);
      const result = await services.exports.export({ format, runId, target });
      expect(result.verification?.passed, format).toBe(true);
      const agreement = result.verification!.agreement;
      expect(agreement.images).toBe(services.training.detail(runId).testCount);
      expect(agreement.sameTop1).toBe(agreement.images);
      if (format === 'onnx') expect(agreement.maxProbabilityDifference).toBeLessThanOrEqual(1e-4);
      const files = await readdir(target);
      expect(files).toEqual(
        expect.arrayContaining(['README.md', 'labels.json', 'preprocessing.json', 'model-card.md']),
      );
      expect(await readFile(join(target, 'README.md'), 'utf8')).toMatch(/onnxruntime/);
    }
  });

  it('refuses an export into a folder that is not empty', async () => {
    await expect(
      services.exports.export({ format: 'tfjs', runId, target: join(work, 'export-tfjs') }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('exports the dataset as an ImageFolder tree with a manifest whose hashes match', async () => {
    const target = join(work, 'export-dataset');
    const result = await services.exports.export({ format: 'dataset', datasetId, target });
    expect(result.dataset?.images).toBe(64);
    expect((await readdir(target)).sort()).toEqual(['README.md', 'manifest.csv', 'test', 'train']);
    const rows = (await readFile(join(target, 'manifest.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(rows).toHaveLength(64);
    const [path, , , hash] = rows[0]!.split(',');
    expect(
      createHash('sha256')
        .update(await readFile(join(target, path!)))
        .digest('hex'),
    ).toBe(hash);
  });

  it('hands a web-mode export over as a tar download', async () => {
    const result = await services.exports.export({ format: 'tfjs', runId });
    expect(result.downloadPath).toMatch(/^exports\/[0-9a-f]{16}\.tar$/);
    const tar = await readFile(services.exports.downloadFile(result.downloadPath!)!);
    expect(tar.subarray(257, 262).toString()).toBe('ustar');
    expect(tar.toString('latin1')).toContain('model.json');
  });

  it('relabels a mistake so the next run sees the new label', async () => {
    const report = await services.evaluation.evaluate(runId);
    const imageId = report.mistakes[0]?.imageId ?? report.cellImages[0]![0]![0]!;
    const dataset = services.stores.datasets.getDataset(datasetId);
    const current = services.stores.gallery.detail(imageId).classId;
    const other = dataset.classes.find((c) => c.id !== current)!;
    services.stores.gallery.setClass([imageId], other.id);
    const plan = buildPlan(
      services.stores.datasets.getDataset(datasetId),
      services.stores.images,
      databasePath(library),
    );
    const item = plan.splits.test.find((candidate) => candidate.imageId === imageId);
    expect(plan.classes[item!.label]).toBe(other.name);
    const after = await services.evaluation.evaluate(runId);
    const row = after.classes.indexOf(other.name);
    expect(after.cellImages[row]!.flat()).toContain(imageId);
  });

  it('loads the saved model after a restart', async () => {
    await services.close();
    services = await open(library);
    const report = await services.evaluation.evaluate(runId);
    expect(report.count).toBe(services.training.detail(runId).testCount);
  });

  it('removes the saved model when its run is deleted', async () => {
    const folder = join(library, 'models', String(runId));
    expect((await readdir(folder)).length).toBeGreaterThan(0);
    await services.handlers['runs.delete'](runId);
    await expect(readdir(folder)).rejects.toThrow(/ENOENT/);
    expect(services.evaluation.model(runId)).toBeNull();
  });
});
