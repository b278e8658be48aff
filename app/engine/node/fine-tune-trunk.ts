/**
 * Fine-tuning's part of a head run: the backbone's last blocks, trained with the head. The frozen
 * lower network runs once per image, at the start, and its activations at the entry of the first
 * trained block are kept in memory (7×7×160 floats an image for the last three blocks), so each
 * step runs only the trained blocks. Feature layers computed by those blocks replace their
 * columns of the cached embeddings; the others stay as embedded.
 *
 *   originals ─frozen (once)─► entry activations ─trained blocks─► pooled ─┐
 *   cached embeddings (frozen layers) ─────────────────────────────────────┴► head
 */
import * as tf from '@tensorflow/tfjs';

import type { Split } from '../common/data-source.js';
import { splits } from '../common/data-source.js';
import type { Standardization } from '../common/head-layers.js';
import type { LoadedBackbone } from './backbone.js';
import { toInput } from './backbone.js';
import { decodeOriginal } from './embed-task.js';
import { FoldedNetwork } from './folded-network.js';
import type { FoldedWeights } from './trainable-blocks.js';
import { fineTuneEntry, TrainableBlocks } from './trainable-blocks.js';

/** Images through the frozen network at once. */
const frozenBatch = 16;

/** What HeadRun asks of a trunk: features with the trained layers' columns recomputed. */
export interface Trunk {
  readonly variables: tf.Variable[];
  /** Called once, with the standardization HeadRun computed from the embeddings. */
  bind(standardization: Standardization): void;
  /** `standardized` (rows × dimension) with the trained layers' columns from the blocks. */
  features(split: Split, rows: readonly number[], standardized: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

interface Column {
  readonly name: string;
  readonly start: number;
  readonly channels: number;
}

export class FineTuneTrunk implements Trunk {
  readonly #blocks: TrainableBlocks;
  readonly #entries: Record<Split, tf.Tensor4D>;
  readonly #columns: readonly Column[];
  #standardization: { mean: tf.Tensor1D; spread: tf.Tensor1D } | null = null;

  private constructor(
    blocks: TrainableBlocks,
    entries: Record<Split, tf.Tensor4D>,
    columns: Column[],
  ) {
    this.#blocks = blocks;
    this.#entries = entries;
    this.#columns = columns;
  }

  /**
   * Runs every original through the frozen network to the entry of the last `blocks` blocks.
   * `isStopped` is asked between batches; null when it said stop.
   */
  static async create(options: {
    readonly backbone: LoadedBackbone;
    readonly layers: readonly string[];
    readonly blocks: number;
    readonly originals: Readonly<Record<Split, readonly string[]>>;
    readonly isStopped: () => boolean;
    readonly yieldToEventLoop: () => Promise<void>;
  }): Promise<FineTuneTrunk | null> {
    const { backbone, layers } = options;
    const entry = fineTuneEntry(backbone.model, options.blocks);
    const frozen = new FoldedNetwork(backbone.model, [entry]);
    const done: tf.Tensor4D[] = [];
    try {
      const entries = {} as Record<Split, tf.Tensor4D>;
      for (const split of splits) {
        const parts: tf.Tensor4D[] = [];
        const paths = options.originals[split];
        for (let start = 0; start < paths.length; start += frozenBatch) {
          await options.yieldToEventLoop();
          if (options.isStopped()) return null;
          const batch = paths.slice(start, start + frozenBatch);
          const images = await Promise.all(
            batch.map((path) => decodeOriginal(path, backbone.inputSize)),
          );
          parts.push(
            tf.tidy(() => {
              const input = toInput(images, backbone.inputSize, backbone.inputScaling);
              return frozen.run(input, [entry])[0] as tf.Tensor4D;
            }),
          );
          done.push(parts.at(-1)!);
        }
        entries[split] = parts.length > 0 ? tf.concat(parts) : emptyLike(frozen, backbone, entry);
        done.push(entries[split]);
      }
      tf.dispose(done.filter((tensor) => !Object.values(entries).includes(tensor)));
      const blocks = new TrainableBlocks(backbone.model, entry, layers);
      return new FineTuneTrunk(blocks, entries, columnsOf(backbone, layers));
    } catch (error) {
      tf.dispose(done);
      throw error;
    } finally {
      frozen.dispose();
    }
  }

  get variables(): tf.Variable[] {
    return this.#blocks.variables;
  }

  bind({ mean, spread }: Standardization): void {
    this.#standardization = { mean: tf.tensor1d(mean), spread: tf.tensor1d(spread) };
  }

  features(split: Split, rows: readonly number[], standardized: tf.Tensor2D): tf.Tensor2D {
    const { mean, spread } = this.#standardization!;
    const entry = tf.gather(this.#entries[split], tf.tensor1d([...rows], 'int32'));
    const trained = new Map(
      this.#blocks.run(entry).map((output, index) => [this.#blocks.outputs[index]!, output]),
    );
    const parts = this.#columns.map(({ name, start, channels }) => {
      const output = trained.get(name);
      if (output === undefined) return standardized.slice([0, start], [-1, channels]);
      return output
        .mean([1, 2])
        .sub(mean.slice(start, channels))
        .div<tf.Tensor2D>(spread.slice(start, channels));
    });
    return parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
  }

  /** The trained weights, folded, by convolution name (copies; the caller disposes them). */
  foldedWeights(): Map<string, FoldedWeights> {
    return this.#blocks.foldedWeights();
  }

  dispose(): void {
    this.#blocks.dispose();
    tf.dispose(Object.values(this.#entries));
    if (this.#standardization) tf.dispose(Object.values(this.#standardization));
  }
}

function columnsOf(backbone: LoadedBackbone, layers: readonly string[]): Column[] {
  let start = 0;
  return layers.map((name) => {
    const channels = backbone.layers.find((layer) => layer.name === name)?.channels ?? 0;
    const column = { name, start, channels };
    start += channels;
    return column;
  });
}

/** A split without images: zero rows of the entry's shape. */
function emptyLike(frozen: FoldedNetwork, backbone: LoadedBackbone, entry: string): tf.Tensor4D {
  return tf.tidy(() => {
    const size = backbone.inputSize;
    const probe = frozen.run(tf.zeros([1, size, size, 3]), [entry])[0]!;
    return probe.slice([0, 0, 0, 0], [0, -1, -1, -1]) as tf.Tensor4D;
  });
}
