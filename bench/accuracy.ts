/**
 * `npm run bench -- accuracy [--epochs N] [--patience N] [--seed N] [--config JSON]
 * [--backend auto|wasm|cpu]`: imports ../shared/data/pets (train 600, test 200) into a fresh
 * library, trains the default recipe from scratch in the engine process (`--config` overrides any
 * of its training settings, e.g. '{"schedule":"constant","restoreBest":true}'), and prints test
 * accuracy and the wall time of training.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type {
  BackendRequest,
  TrainingConfig,
  TrainingEvent,
} from '../app/engine/common/training.js';
import { ForkEngineHost } from '../app/engine/node/fork-engine-host.js';
import { openServices } from '../app/services/node/services.js';
import { sharedDir } from './peers.js';

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export default async function bench(args: string[]): Promise<Record<string, unknown>> {
  const pets = join(sharedDir, 'data', 'pets');
  if (!existsSync(pets)) return { skipped: `no dataset at ${pets}` };
  const backend = (option(args, '--backend') ?? 'auto') as BackendRequest;
  const epochs = option(args, '--epochs');
  const patience = option(args, '--patience');
  const seed = option(args, '--seed');
  const overrides = JSON.parse(option(args, '--config') ?? '{}') as Partial<TrainingConfig>;
  const libraryDir = await mkdtemp(join(tmpdir(), 'fovea-bench-accuracy-'));
  const engine = resolve(import.meta.dirname, '../dist/engine.js');
  const services = await openServices({
    libraryDir,
    mode: 'cli',
    version: 'bench',
    createEngineHost: () => new ForkEngineHost(engine, { backend }),
  });
  try {
    const dataset = services.stores.datasets.createDataset('pets');
    const imported = await (
      await services.imports.start({
        datasetId: dataset.id,
        paths: [join(pets, 'train'), join(pets, 'test')],
      })
    ).done;
    const epochLog: Record<string, unknown>[] = [];
    services.events.listen((event, payload) => {
      if (event !== 'training.event') return;
      const training = (payload as { event: TrainingEvent }).event;
      if (training.kind === 'epoch') {
        epochLog.push({
          epoch: training.epoch,
          trainAccuracy: training.trainAccuracy,
          valAccuracy: training.valAccuracy,
          valLoss: training.valLoss,
          learningRate: training.learningRate,
          isKept: training.isKept,
        });
      }
    });
    const started = performance.now();
    const { runId, done } = services.training.start({
      datasetId: dataset.id,
      config: {
        ...overrides,
        ...(epochs ? { epochs: Number(epochs) } : {}),
        ...(patience ? { patience: Number(patience) } : {}),
        ...(seed ? { seed: Number(seed) } : {}),
      },
    });
    const outcome = await done;
    const trainingSeconds = (performance.now() - started) / 1000;
    const run = services.training.detail(runId);
    return {
      imported: imported.imported,
      splits: { train: run.trainCount, val: run.valCount, test: run.testCount },
      model: run.modelName,
      config: run.config,
      backend: run.backend,
      status: run.status,
      message: run.message,
      epochsRun: run.epochsRun,
      keptEpoch: outcome?.keptEpoch ?? null,
      stoppedEarly: outcome?.stoppedEarly ?? null,
      testAccuracy: run.testAccuracy,
      valAccuracy: run.valAccuracy,
      trainingSeconds: Math.round(trainingSeconds),
      imagesPerSecond: run.imagesPerSecond,
      target: { testAccuracy: 0.75, maxSeconds: 300 },
      meetsTarget: (run.testAccuracy ?? 0) >= 0.75 && trainingSeconds <= 300,
      confusion: run.test?.confusion ?? null,
      epochs: epochLog,
    };
  } finally {
    await services.close();
    await rm(libraryDir, { recursive: true, force: true });
  }
}
