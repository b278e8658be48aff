/**
 * `npm run bench -- transfer [--rounds N] [--backend auto|wasm|cpu]`: imports ../shared/data/pets
 * (train 600, test 200) into a fresh library and trains the default pretrained recipe (a head on
 * the bundled MobileNetV2's five default layers) in the engine process, twice: the first run
 * embeds every photo, the second finds them cached. Prints test accuracy and the wall time of
 * each. Then the embedding speed beside ../shared/peers/mobilenet_torch.py --threads 2
 * (torchvision MobileNetV2, batch 32, 224×224): Fovea's bundled network run to `out_relu`, the
 * same depth, on a random batch, in rounds that count only when both sides were quiet. Then the
 * fine-tuning step beside the same script's `finetune` (transfer-finetune.ts).
 * `--only runs|embedding|finetune` measures one part.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import * as tf from '@tensorflow/tfjs';

import type { BackendRequest } from '../app/engine/common/training.js';
import { initBackend } from '../app/engine/node/backend.js';
import { FeatureExtractor, loadBackbone } from '../app/engine/node/backbone.js';
import { ForkEngineHost } from '../app/engine/node/fork-engine-host.js';
import { openServices } from '../app/services/node/services.js';
import type { Round } from './load-window.js';
import { compareRounds, measured, noiseReason } from './load-window.js';
import { ensurePeers, runPeer, sharedDir } from './peers.js';
import { fineTuneRounds } from './transfer-finetune.js';

const batch = 32;
const backbonesDir = resolve(import.meta.dirname, '../dist/backbones');

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function trainTwice(pets: string, backend: BackendRequest) {
  const libraryDir = await mkdtemp(join(tmpdir(), 'fovea-bench-transfer-'));
  const engine = resolve(import.meta.dirname, '../dist/engine.js');
  const services = await openServices({
    libraryDir,
    mode: 'cli',
    version: 'bench',
    createEngineHost: () => new ForkEngineHost(engine, { backend }),
    backbonesDir,
  });
  try {
    const dataset = services.stores.datasets.createDataset('pets');
    await (
      await services.imports.start({
        datasetId: dataset.id,
        paths: [join(pets, 'train'), join(pets, 'test')],
      })
    ).done;
    const runs = [];
    for (const label of ['first', 'cached']) {
      const started = performance.now();
      const { runId, done } = services.training.start({
        datasetId: dataset.id,
        from: 'mobilenet-v2',
      });
      await done;
      const run = services.training.detail(runId);
      runs.push({
        run: label,
        status: run.status,
        message: run.message,
        testAccuracy: run.testAccuracy,
        valAccuracy: run.valAccuracy,
        wallSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
        backend: run.backend,
        splits: { train: run.trainCount, val: run.valCount, test: run.testCount },
      });
    }
    return runs;
  } finally {
    await services.close();
    await rm(libraryDir, { recursive: true, force: true });
  }
}

/** Images per second of the bundled network up to out_relu on a random batch (2 warm-up). */
async function foveaEmbedSpeed(extractor: FeatureExtractor, iterations: number): Promise<number> {
  const data = Uint8Array.from(
    { length: batch * 224 * 224 * 3 },
    (_, i) => (i * 2654435761) >>> 24,
  );
  const images = Array.from({ length: batch }, (_, index) => ({
    data: data.subarray(index * 224 * 224 * 3, (index + 1) * 224 * 224 * 3),
    width: 224,
    height: 224,
  }));
  for (let warm = 0; warm < 2; warm++) await extractor.embed(images);
  const started = performance.now();
  for (let iteration = 0; iteration < iterations; iteration++) await extractor.embed(images);
  return (batch * iterations * 1000) / (performance.now() - started);
}

async function embeddingRounds(rounds: number) {
  const backend = await initBackend('wasm', { wasmThreads: 2 });
  const backbone = await loadBackbone(join(backbonesDir, 'mobilenet-v2'));
  const extractor = FeatureExtractor.create(backbone, ['out_relu']);
  let peerError: string | null = null;
  await ensurePeers().catch((error: unknown) => (peerError = String(error)));
  const results: Round[] = [];
  try {
    for (let round = 0; round < rounds && peerError === null; round++) {
      const fovea = await measured(() => foveaEmbedSpeed(extractor, 10));
      const raw = await runPeer('mobilenet_torch.py', ['--threads', '2', '--finetune-blocks', '0']);
      const embed = raw['embed'] as { imgs_per_s: number; others_cores: number };
      results.push({
        fovea: fovea.value,
        peer: embed.imgs_per_s,
        noise: noiseReason([
          { name: 'Fovea', othersCores: fovea.load.othersCores },
          { name: 'PyTorch', othersCores: embed.others_cores },
        ]),
      });
    }
  } finally {
    extractor.dispose();
    backbone.model.dispose();
    tf.disposeVariables();
  }
  return {
    what: 'MobileNetV2 to out_relu, batch 32, 224×224, random pixels',
    fovea_backend: `${backend.name}, ${backend.threads} threads`,
    peer: 'torchvision mobilenet_v2 features, 2 threads',
    imgs_per_s: peerError === null ? compareRounds(results) : { error: peerError },
  };
}

export default async function bench(args: string[]): Promise<Record<string, unknown>> {
  const pets = join(sharedDir, 'data', 'pets');
  if (!existsSync(pets)) return { skipped: `no dataset at ${pets}` };
  if (!existsSync(join(backbonesDir, 'mobilenet-v2', 'model.json')))
    return { skipped: 'the bundled backbone is not built: run node scripts/build.js' };
  const backend = (option(args, '--backend') ?? 'auto') as BackendRequest;
  const rounds = Number(option(args, '--rounds') ?? 3);
  const only = option(args, '--only');
  const isWanted = (part: string) => only === undefined || only === part;
  const result: Record<string, unknown> = {
    recipe:
      'MobileNetV2 (bundled) five default layers, logistic regression head, Adam 1e-3, 30 epochs',
  };
  if (isWanted('runs')) result['runs'] = await trainTwice(pets, backend);
  if (isWanted('embedding')) result['embedding'] = await embeddingRounds(rounds);
  if (isWanted('finetune')) {
    const wasm = await initBackend('wasm', { wasmThreads: 2 });
    const name = `${wasm.name}, ${wasm.threads} threads`;
    result['fine_tuning'] = await fineTuneRounds(backbonesDir, rounds, name);
  }
  return result;
}
