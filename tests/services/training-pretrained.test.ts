import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ModelTask } from '../../app/engine/common/model-tasks.js';
import { mobileNetV2 } from '../../app/engine/common/backbones.js';
import { EvaluationService } from '../../app/services/node/evaluation-service.js';
import { ModelFolders } from '../../app/services/node/model-folders.js';
import { TrainingService } from '../../app/services/node/training-service.js';
import { FakeEngineHost, outcome } from './fakes.js';
import type { LibraryFixture } from './library-fixture.js';
import { importDataset, openLibraryFixture } from './library-fixture.js';

const dimension = 3;
const flush = () => new Promise((resolve) => setImmediate(resolve));

/**
 * An embedding per original: its path's length, and two constants, so rows can be told apart;
 * a flipped one is the same negated.
 */
function embed(task: ModelTask) {
  if (task.op !== 'embed') throw new Error(`no answer for ${task.op}`);
  const values = Float32Array.from(task.originals.flatMap((path) => [path.length, 1, 2]));
  const flipped = task.withFlipped ? { flipped: values.map((value) => -value).buffer } : {};
  return { dimension, embeddings: values.buffer, ...flipped };
}

describe('a pretrained training run', () => {
  let fixture: LibraryFixture;
  let host: FakeEngineHost;
  let training: TrainingService;
  let datasetId: number;
  const saved: number[] = [];

  beforeEach(async () => {
    fixture = await openLibraryFixture();
    host = new FakeEngineHost();
    host.answer = embed;
    const { library } = fixture;
    training = new TrainingService({
      stores: library.stores,
      dbPath: library.dbPath,
      models: new ModelFolders(library.dir, library.stores.models),
      events: fixture.events,
      host: () => host,
      backboneDir: (id) => `/backbones/${id}`,
      afterRun: (runId) => {
        saved.push(runId);
        return Promise.resolve();
      },
    });
    datasetId = await importDataset(fixture, { cat: 20, dog: 20 });
  });

  afterEach(() => fixture.remove());

  async function untilTraining(runId: number) {
    for (let tries = 0; tries < 100 && !host.runs.has(runId); tries++) await flush();
    return host.runs.get(runId)!;
  }

  it('embeds the originals in batches, caches them and trains the head on them', async () => {
    const { runId, done } = training.start({ datasetId, from: 'mobilenet-v2' });
    const run = await untilTraining(runId);
    const embedTasks = host.tasks.filter((task) => task.op === 'embed');
    expect(embedTasks.map((task) => task.originals.length)).toEqual([32, 8]);
    expect(embedTasks[0]).toMatchObject({
      backbone: '/backbones/mobilenet-v2',
      layers: mobileNetV2.defaultLayers,
    });
    expect(embedTasks[0]!.originals[0]).toContain('/blobs/');
    const { head, plan, config } = run.request;
    expect(head?.dimension).toBe(dimension);
    for (const split of ['train', 'val', 'test'] as const)
      expect(new Float32Array(head!.features[split]).length).toBe(
        plan.splits[split].length * dimension,
      );
    expect(config).toMatchObject({ epochs: 30, batchSize: 64, learningRate: 1e-3 });
    const progress = fixture.emitted.filter((event) => event.name === 'training.embedding');
    expect(progress.at(-1)?.payload).toMatchObject({ done: 40, total: 40, cached: 0 });
    const summary = training.detail(runId);
    expect(summary).toMatchObject({ preset: 'mobilenet-v2', inputSize: 224 });

    const test = {
      count: 8,
      loss: 0.3,
      accuracy: 0.875,
      classes: ['cat', 'dog'],
      confusion: [
        [4, 0],
        [1, 3],
      ],
    };
    run.finish(outcome({ epochsRun: 30, keptEpoch: 30, test }));
    await done;
    expect(training.detail(runId)).toMatchObject({ status: 'completed', testAccuracy: 0.875 });

    // The same images again: nothing to embed, and the head sees the same vectors.
    const second = training.start({ datasetId, from: 'mobilenet-v2' });
    const again = await untilTraining(second.runId);
    expect(host.tasks.filter((task) => task.op === 'embed')).toHaveLength(2);
    expect(new Float32Array(again.request.head!.features.train)).toEqual(
      new Float32Array(head!.features.train),
    );
    again.finish(outcome());
    await second.done;
  });

  it('names the backbone to the engine, and saves the whole network it built as the run’s model', async () => {
    const { runId, done } = training.start({ datasetId, from: 'mobilenet-v2' });
    const run = await untilTraining(runId);
    expect(run.request.head?.backbone).toEqual({
      dir: '/backbones/mobilenet-v2',
      layers: mobileNetV2.defaultLayers,
    });
    run.finish(outcome());
    await done;
    host.answer = (task) => {
      if (task.op !== 'save') throw new Error(`no answer for ${task.op}`);
      return { files: ['model.json', 'weights.bin', 'fovea.json'], bytes: 1234 };
    };
    const models = new ModelFolders(fixture.library.dir, fixture.library.stores.models);
    const evaluation = new EvaluationService({
      stores: fixture.library.stores,
      dbPath: fixture.library.dbPath,
      models,
      host: () => host,
      logger: fixture.logger,
    });
    const info = await evaluation.persist(runId);
    expect(fixture.logger.errors).toEqual([]);
    expect(info).toMatchObject({ runId, bytes: 1234, inputSize: 224, classes: ['cat', 'dog'] });
    expect(host.tasks.at(-1)).toMatchObject({
      op: 'save',
      runId,
      dir: models.resolve(`models/${runId}`),
    });
    expect(evaluation.modelRef(runId).ref).toEqual({
      runId,
      dir: models.resolve(`models/${runId}`),
    });
  });

  it('reports a finished run without a saved model from its recorded test split', async () => {
    const { runId, done } = training.start({ datasetId, from: 'mobilenet-v2' });
    const run = await untilTraining(runId);
    const test = {
      count: 8,
      loss: 0.3,
      accuracy: 0.875,
      classes: ['cat', 'dog'],
      confusion: [
        [4, 0],
        [1, 3],
      ],
    };
    run.finish(outcome({ test }));
    await done;
    const evaluation = new EvaluationService({
      stores: fixture.library.stores,
      dbPath: fixture.library.dbPath,
      models: new ModelFolders(fixture.library.dir, fixture.library.stores.models),
      host: () => host,
      logger: fixture.logger,
    });
    const report = await evaluation.evaluate(runId);
    expect(report).toMatchObject({ count: 8, accuracy: 0.875, mistakes: [] });
    expect(report.perClass.map((metrics) => metrics.recall)).toEqual([1, 0.75]);
    expect(() => evaluation.modelRef(runId)).toThrow(
      expect.objectContaining({ code: 'not_found' }) as Error,
    );
  });

  it.each(['stop', 'quit'])(
    'stops between embedding batches on %s, keeping what was embedded',
    async (how) => {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      host.runModelTask = (async (task: ModelTask) => {
        host.tasks.push(task);
        await gate;
        return embed(task);
      }) as FakeEngineHost['runModelTask'];
      const { runId, done } = training.start({ datasetId, from: 'mobilenet-v2' });
      await flush();
      const stopped = how === 'stop' ? training.stop(runId) : training.stopAll();
      release();
      await stopped;
      expect(await done).toBeNull();
      expect(training.detail(runId)).toMatchObject({ status: 'stopped', epochsRun: 0 });
      expect(host.tasks).toHaveLength(1);
      expect(host.runs.size).toBe(0);
      expect(
        fixture.library.stores.embeddings.count({
          backbone: 'mobilenet-v2',
          layers: mobileNetV2.defaultLayers,
        }),
      ).toBe(32);
    },
  );

  it('stores its recipe with the run, defaults filled in', async () => {
    const pretrained = { hidden: 32, dropout: 0.2, weightDecay: 1e-4, flip: true };
    const { runId, done } = training.start({ datasetId, from: 'mobilenet-v2', pretrained });
    const run = await untilTraining(runId);
    const stored = { backbone: 'mobilenet-v2', layers: mobileNetV2.defaultLayers, fineTune: 0 };
    expect(training.detail(runId).pretrained).toEqual({ ...stored, ...pretrained });
    expect(training.list(datasetId)[0]?.pretrained).toMatchObject({ hidden: 32, flip: true });
    expect(training.detail(runId).config).not.toHaveProperty('pretrained');
    expect(run.request.head?.recipe).toMatchObject(pretrained);
    run.finish(outcome());
    await done;
  });

  it('embeds the training images flipped too when asked, cached apart from the plain ones', async () => {
    const flipped = training.start({ datasetId, from: 'mobilenet-v2', pretrained: { flip: true } });
    const run = await untilTraining(flipped.runId);
    const { head, plan } = run.request;
    const trainCount = plan.splits.train.length;
    const withFlipped = host.tasks.flatMap((task) =>
      task.op === 'embed' && task.withFlipped === true ? task.originals : [],
    );
    expect(withFlipped).toHaveLength(trainCount);
    const plain = new Float32Array(head!.features.train);
    expect(new Float32Array(head!.flippedTrain!)).toEqual(plain.map((value) => -value));
    run.finish(outcome());
    await flipped.done;

    // A plain run then finds everything cached, and its vectors are the plain ones.
    const tasksBefore = host.tasks.length;
    const second = training.start({ datasetId, from: 'mobilenet-v2' });
    const again = await untilTraining(second.runId);
    expect(host.tasks).toHaveLength(tasksBefore);
    expect(new Float32Array(again.request.head!.features.train)).toEqual(plain);
    expect(again.request.head!.flippedTrain).toBeUndefined();
    again.finish(outcome());
    await second.done;
  });

  it('sends the originals of each split to fine-tune the last blocks on', async () => {
    const { runId, done } = training.start({
      datasetId,
      from: 'mobilenet-v2',
      pretrained: { fineTune: 2 },
    });
    const run = await untilTraining(runId);
    const { head, plan } = run.request;
    expect(head?.fineTune?.blocks).toBe(2);
    expect(head?.backbone?.dir).toBe('/backbones/mobilenet-v2');
    for (const split of ['train', 'val', 'test'] as const) {
      const originals = head!.fineTune!.originals[split];
      expect(originals).toHaveLength(plan.splits[split].length);
      expect(originals.every((path) => path.includes('/blobs/'))).toBe(true);
    }
    expect(training.detail(runId).modelName).toContain('last 2 blocks fine-tuned');
    run.finish(outcome());
    await done;
  });

  it('refuses flipped images with fine-tuning', () => {
    expect(() =>
      training.start({ datasetId, from: 'mobilenet-v2', pretrained: { fineTune: 2, flip: true } }),
    ).toThrow(/flip and fine-tune cannot go together/);
  });

  it('embeds the layers its recipe names', async () => {
    const layers = ['out_relu'];
    const { runId, done } = training.start({
      datasetId,
      from: 'mobilenet-v2',
      pretrained: { layers },
    });
    const run = await untilTraining(runId);
    expect(host.tasks.filter((task) => task.op === 'embed')[0]).toMatchObject({ layers });
    run.finish(outcome());
    await done;
  });

  it('refuses a bad recipe before recording a run', () => {
    expect(() =>
      training.start({ datasetId, from: 'mobilenet-v2', pretrained: { layers: ['nope'] } }),
    ).toThrow(/offers no layer nope/);
    expect(() =>
      training.start({ datasetId, from: 'mobilenet-v2', pretrained: { hidden: -2 } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_argument' }) as Error);
    expect(training.list(datasetId)).toEqual([]);
  });

  it('is refused where no backbone folder is known', () => {
    const bare = new TrainingService({
      stores: fixture.library.stores,
      dbPath: fixture.library.dbPath,
      models: new ModelFolders(fixture.library.dir, fixture.library.stores.models),
      events: fixture.events,
      host: () => host,
    });
    expect(() => bare.start({ datasetId, from: 'mobilenet-v2' })).toThrow(
      expect.objectContaining({ code: 'unsupported' }) as Error,
    );
  });
});
