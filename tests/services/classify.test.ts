/**
 * Classify a folder, through the handler table with a real engine process, and through
 * `fovea predict RUN FOLDER --csv`: a tiny model trained on the built-in sample drawings classifies
 * their test folder with the classes Evaluate gives the same images, marks them as in the library,
 * refuses what it cannot read, stops on cancel, takes web-mode uploads, and the CLI writes the
 * same classes into a CSV that Python's csv module reads with one row per image.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../app/cli/node/cli-io.js';
import { runCli } from '../../app/cli/node/main.js';
import { ForkEngineHost } from '../../app/engine/node/fork-engine-host.js';
import { writeSample } from '../../app/images/node/sample.js';
import type { EventName, EventPayloads } from '../../app/ipc/common/contract.js';
import { dispatch } from '../../app/ipc/common/envelope.js';
import type { FolderClassification } from '../../app/library/common/classification.js';
import { labelOf } from '../../app/library/common/classification.js';
import type { CalibrationReport } from '../../app/engine/common/calibration.js';
import { withTemperature } from '../../app/engine/common/calibration.js';
import type { Services } from '../../app/services/node/services.js';
import { openServices } from '../../app/services/node/services.js';

const root = join(import.meta.dirname, '../..');

async function call<T>(services: Services, method: string, args: unknown[]): Promise<T> {
  const answer = await dispatch(services.handlers, method, args);
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value as T;
}

const isSame = (a: EventName, b: EventName): boolean => a === b;

function nextEvent<E extends EventName>(
  services: Services,
  name: E,
  isWanted: (payload: EventPayloads[E]) => boolean,
): Promise<EventPayloads[E]> {
  return new Promise((resolve) => {
    const stop = services.events.listen((event, payload) => {
      if (!isSame(event, name) || !isWanted(payload as EventPayloads[E])) return;
      stop();
      resolve(payload as EventPayloads[E]);
    });
  });
}

/** Starts a classification through the contract and waits for its result. */
async function classify(
  services: Services,
  request: Record<string, unknown>,
): Promise<FolderClassification> {
  const finished = nextEvent(services, 'classify.finished', () => true);
  const { jobId } = await call<{ jobId: number }>(services, 'classify.start', [request]);
  const event = await finished;
  expect(event.jobId).toBe(jobId);
  return call<FolderClassification>(services, 'classify.get', [jobId]);
}

describe('classify a folder', () => {
  let work: string;
  let library: string;
  let services: Services | null = null;
  let runId: number;
  /** Evaluate's class for each test image, by image id. */
  const evaluated = new Map<number, number>();
  let inApp: FolderClassification;
  /** The test folder classified with a threshold that leaves about half "not sure". */
  let thresholded: FolderClassification;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fovea-classify-'));
    library = join(work, 'library');
    await writeSample(join(work, 'source', 'train'), { perClass: 16, seed: 1 });
    await writeSample(join(work, 'source', 'test'), { perClass: 8, seed: 2 });
    services = await openServices({
      libraryDir: library,
      mode: 'cli',
      version: 'test',
      createEngineHost: () => new ForkEngineHost(join(root, 'dist', 'engine.js')),
    });
    const datasetId = services.stores.datasets.createDataset('shapes', { inputSize: 32 }).id;
    await (
      await services.imports.start({ datasetId, paths: [join(work, 'source')] })
    ).done;
    const started = services.training.start({
      datasetId,
      presetId: 'tiny-vgg',
      config: { epochs: 1, batchSize: 16, patience: 0 },
    });
    runId = started.runId;
    expect(await started.done).not.toBeNull();
    const report = await services.evaluation.evaluate(runId);
    report.cellImages.forEach((row) =>
      row.forEach((ids, predicted) => ids.forEach((id) => evaluated.set(id, predicted))),
    );
  }, 300_000);

  afterAll(async () => {
    await services?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('gives every test image the class Evaluate gives it, marked as in the library', async () => {
    inApp = await classify(services!, { runId, paths: [join(work, 'source', 'test')] });
    expect(inApp.state).toBe('done');
    expect(inApp.refused).toEqual([]);
    expect(inApp.items).toHaveLength(evaluated.size);
    for (const item of inApp.items) {
      expect(item.file).toMatch(/^test\/[^/]+\/[^/]+\.(png|jpg)$/);
      expect(item.known?.datasetName).toBe('shapes');
      expect(item.classIndex).toBe(evaluated.get(item.known!.imageId));
      expect(item.probability).toBe(Math.max(...item.probabilities));
      expect(item.thumbnail?.byteLength).toBeGreaterThan(100);
    }
  });

  it('lists refused files with their reasons and marks new images as not in the library', async () => {
    const folder = join(work, 'mixed');
    await mkdir(folder, { recursive: true });
    const [firstClass] = await readdir(join(work, 'source', 'test'));
    const [firstFile] = await readdir(join(work, 'source', 'test', firstClass!));
    const source = join(work, 'source', 'test', firstClass!, firstFile!);
    await copyFile(source, join(folder, 'same.png'));
    await writeFile(join(folder, 'notes.txt'), 'not an image');
    await writeFile(join(folder, 'broken.jpg'), (await readFile(source)).subarray(0, 40));
    const result = await classify(services!, { runId, paths: [folder] });
    expect(result.items.map((item) => item.file)).toEqual(['mixed/same.png']);
    expect(result.items[0]!.known).not.toBeNull();
    expect(result.refused.map((refusal) => refusal.file).sort()).toEqual([
      'mixed/broken.jpg',
      'mixed/notes.txt',
    ]);
    for (const refusal of result.refused) expect(refusal.message.length).toBeGreaterThan(5);
  });

  it('classifies an upload (web mode) and removes it afterwards', async () => {
    const { uploadId } = await call<{ uploadId: string }>(services!, 'uploads.begin', []);
    const [firstClass] = await readdir(join(work, 'source', 'test'));
    const names = await readdir(join(work, 'source', 'test', firstClass!));
    const files = await Promise.all(
      names.slice(0, 3).map(async (name) => ({
        path: `dropped/${name}`,
        data: new Uint8Array(await readFile(join(work, 'source', 'test', firstClass!, name))),
      })),
    );
    await call(services!, 'uploads.add', [uploadId, files]);
    const result = await classify(services!, { runId, uploadId });
    expect(result.items.map((item) => item.file)).toEqual(files.map((file) => file.path));
    expect(await readdir(join(library, 'uploads'))).not.toContain(uploadId);
  });

  it('stops on cancel, keeping nothing half done', async () => {
    const finished = nextEvent(services!, 'classify.finished', () => true);
    const { jobId } = await call<{ jobId: number }>(services!, 'classify.start', [
      { runId, paths: [join(work, 'source')] },
    ]);
    await call(services!, 'classify.cancel', [jobId]);
    expect((await finished).state).toBe('cancelled');
    const result = await call<FolderClassification>(services!, 'classify.get', [jobId]);
    expect(result.state).toBe('cancelled');
    expect(result.items.length).toBeLessThan(result.total);
    expect(result.items.length % 32).toBe(0);
  });

  it('refuses a run without a model and relative paths', async () => {
    const missing = await dispatch(services!.handlers, 'classify.start', [
      { runId: 9999, paths: [work] },
    ]);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await expect(services!.classify.classify(runId, ['relative/folder'])).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });

  it("the calibration view's coverage and accuracy are the test split's, with and without temperature", async () => {
    const tested = await services!.evaluation.testProbabilities(runId);
    const classes = tested.run.classes.length;
    for (const isTemperatureOn of [false, true]) {
      const fitted = (await services!.calibration.report(runId)).fittedTemperature;
      const temperature = isTemperatureOn ? fitted : 1;
      const rows = tested.test.images.map((_, index) =>
        withTemperature(
          tested.probabilities.subarray(index * classes, (index + 1) * classes),
          temperature,
        ),
      );
      // A threshold that keeps about half of the test images.
      const threshold = rows.map((row) => Math.max(...row)).sort((a, b) => a - b)[8]!;
      const report = await call<CalibrationReport>(services!, 'calibration.set', [
        runId,
        { threshold, isTemperatureOn },
      ]);
      expect(report.rule).toEqual({ threshold, temperature });
      let kept = 0;
      let correct = 0;
      tested.test.images.forEach((image, index) => {
        const row = rows[index]!;
        const top = row.indexOf(Math.max(...row));
        if (row[top]! < threshold) return;
        kept += 1;
        if (top === image.label) correct += 1;
      });
      expect(kept).toBeGreaterThan(0);
      expect(report.test.coverage.kept).toBe(kept);
      expect(report.test.coverage.share).toBeCloseTo(kept / tested.test.images.length, 12);
      expect(report.test.coverage.accuracy).toBeCloseTo(correct / kept, 12);
      expect(report.test.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(16);
    }
  });

  it('a threshold makes the same photos "not sure" in try-an-image, the folder table and the export', async () => {
    await call(services!, 'calibration.set', [runId, { threshold: 0, isTemperatureOn: false }]);
    const raw = await classify(services!, { runId, paths: [join(work, 'source', 'test')] });
    const tops = raw.items.map((item) => item.probability).sort((a, b) => a - b);
    const threshold = tops[Math.floor(tops.length / 2)]!;
    await call(services!, 'calibration.set', [runId, { threshold, isTemperatureOn: false }]);
    thresholded = await classify(services!, { runId, paths: [join(work, 'source', 'test')] });
    const inTable = new Set(
      thresholded.items
        .filter((item) => labelOf(thresholded, item) === 'not sure')
        .map((i) => i.file),
    );
    expect(inTable.size).toBeGreaterThan(0);
    expect(inTable.size).toBeLessThan(thresholded.items.length);
    const tried = new Set<string>();
    for (const item of thresholded.items) {
      const explained = await services!.evaluation.predictImage(
        runId,
        await readFile(join(work, 'source', item.file)),
      );
      if (Math.max(...explained.probabilities) < explained.rule!.threshold) tried.add(item.file);
    }
    expect(tried).toEqual(inTable);
    const exported = join(work, 'export-tfjs');
    await services!.exports.export({ format: 'tfjs', runId, target: exported });
    const readme = await readFile(join(exported, 'README.md'), 'utf8');
    const stated = Number(/below \*\*([0-9.]+)\*\*/.exec(readme)?.[1]);
    expect(stated).toBe(threshold);
    const byReadme = new Set(
      thresholded.items.filter((item) => item.probability < stated).map((item) => item.file),
    );
    expect(byReadme).toEqual(inTable);
  });

  it('fovea predict RUN FOLDER --csv writes the same classes, one CSV row per image', async () => {
    await services!.close();
    services = null;
    const csv = join(work, 'out.csv');
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIo = { out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
    const code = await runCli(
      ['predict', String(runId), join(work, 'source', 'test'), '--csv', csv, '--library', library],
      io,
    );
    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    expect(stdout.at(-1)).toMatch(/^16 images classified, 0 refused; wrote/);
    const parsed = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          'import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline="")))))',
          csv,
        ],
        { encoding: 'utf8' },
      ),
    ) as Record<string, string>[];
    expect(parsed).toHaveLength(inApp.items.length);
    const inAppClass = new Map(
      inApp.items.map((item) => [item.file, inApp.classes[item.classIndex]]),
    );
    const inAppLabel = new Map(
      thresholded.items.map((item) => [item.file, labelOf(thresholded, item)]),
    );
    for (const row of parsed) {
      expect(row['top_class']).toBe(inAppClass.get(row['file']!));
      expect(row['class']).toBe(inAppLabel.get(row['file']!));
      expect(row['in_library']).toMatch(/^shapes\//);
      expect(Number(row['probability'])).toBeGreaterThan(0);
    }
  });
});
