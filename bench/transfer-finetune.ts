/**
 * The fine-tuning step beside ../shared/peers/mobilenet_torch.py --threads 2 --finetune-blocks 3,
 * on the same workload: a random batch of 32 at 224×224, the frozen lower network run to the
 * input of the last three inverted-residual blocks (Keras block_14 … block_16, torchvision
 * features[15:18]), then those blocks, the last 1×1 convolution (Conv_1, features[18]), global
 * average pooling and a 2-class linear head trained by Adam at 1e-3 with cross-entropy. One
 * difference stays: Fovea trains with batch norm folded (frozen statistics), the peer in train
 * mode. Rounds alternate the two sides and count only when both were quiet (load-window.ts).
 */
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';

import { loadBackbone } from '../app/engine/node/backbone.js';
import { FoldedNetwork } from '../app/engine/node/folded-network.js';
import { HeadModel, HeadOptimizer } from '../app/engine/node/head-model.js';
import { fineTuneEntry, TrainableBlocks } from '../app/engine/node/trainable-blocks.js';
import type { Round } from './load-window.js';
import { compareRounds, measured, noiseReason } from './load-window.js';
import { ensurePeers, runPeer } from './peers.js';

const batch = 32;
const blocks = 3;

interface Workload {
  readonly step: () => void;
  readonly dispose: () => void;
}

/** One training step of the upper blocks and head, the frozen part run first, as the peer does. */
async function fineTuneWorkload(backbonesDir: string): Promise<Workload> {
  const backbone = await loadBackbone(join(backbonesDir, 'mobilenet-v2'));
  const entry = fineTuneEntry(backbone.model, blocks);
  const frozen = new FoldedNetwork(backbone.model, [entry]);
  const trained = new TrainableBlocks(backbone.model, entry, ['out_relu']);
  const head = new HeadModel({
    dimension: 1280,
    classes: 2,
    hidden: 0,
    dropout: 0,
    weightDecay: 0,
    seed: 1,
  });
  const optimizer = new HeadOptimizer(1e-3, head.variables, trained.variables);
  const input = tf.randomUniform<tf.Rank.R4>([batch, 224, 224, 3], 0, 1, 'float32', 1);
  const labels = tf.oneHot(
    tf.tensor1d(
      [...Array(batch).keys()].map((i) => i % 2),
      'int32',
    ),
    2,
  );
  return {
    step: () =>
      tf.tidy(() => {
        const at = frozen.run(input, [entry])[0] as tf.Tensor4D;
        const { value, grads } = tf.variableGrads(() => {
          const pooled = trained.run(at)[0]!.mean<tf.Tensor2D>([1, 2]);
          return head.lossOf(labels as tf.Tensor2D, head.logits(pooled));
        }, [...optimizer.variables]);
        optimizer.apply(grads);
        value.dataSync();
      }),
    dispose: () => {
      tf.dispose([input, labels]);
      optimizer.dispose();
      head.dispose();
      trained.dispose();
      frozen.dispose();
      backbone.model.dispose();
    },
  };
}

function imagesPerSecond(workload: Workload, iterations: number): number {
  for (let warm = 0; warm < 2; warm++) workload.step();
  const started = performance.now();
  for (let iteration = 0; iteration < iterations; iteration++) workload.step();
  return (batch * iterations * 1000) / (performance.now() - started);
}

/** Fine-tuning step images/s of Fovea (on the backend already set) and the peer, in rounds. */
export async function fineTuneRounds(backbonesDir: string, rounds: number, backendName: string) {
  let peerError: string | null = null;
  await ensurePeers().catch((error: unknown) => (peerError = String(error)));
  const workload = await fineTuneWorkload(backbonesDir);
  const results: Round[] = [];
  const load: Record<string, number>[] = [];
  try {
    for (let round = 0; round < rounds && peerError === null; round++) {
      const fovea = await measured(() => Promise.resolve(imagesPerSecond(workload, 5)));
      const raw = await runPeer('mobilenet_torch.py', [
        '--threads',
        '2',
        '--finetune-blocks',
        String(blocks),
      ]);
      const step = raw['finetune'] as { imgs_per_s: number; others_cores: number };
      load.push({
        fovea_others_cores: Number(fovea.load.othersCores.toFixed(2)),
        fovea_own_cores: Number(fovea.load.ownCores.toFixed(2)),
        fovea_loadavg1: fovea.load.loadavg1,
        peer_others_cores: Number(step.others_cores.toFixed(2)),
      });
      results.push({
        fovea: fovea.value,
        peer: step.imgs_per_s,
        noise: noiseReason([
          { name: 'Fovea', othersCores: fovea.load.othersCores },
          { name: 'PyTorch', othersCores: step.others_cores },
        ]),
      });
    }
  } finally {
    workload.dispose();
  }
  return {
    what: `one training step of MobileNetV2's last ${blocks} blocks + Conv_1 + a 2-class head, frozen part included, batch 32, 224×224, random pixels, Adam 1e-3`,
    fovea_backend: backendName,
    peer: `torchvision mobilenet_v2, --threads 2 --finetune-blocks ${blocks}`,
    imgs_per_s: peerError === null ? compareRounds(results) : { error: peerError },
    load_rounds: load,
  };
}
