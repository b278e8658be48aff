/**
 * A pretrained run's first half: the embeddings of every image of its plan, from the library's
 * cache where they are, else embedded by the engine from the stored originals a batch at a time
 * (so progress is reported and a stop takes effect between batches) and cached as they come.
 * Every vector handed to the head is read back from the cache, so a second run on the same images
 * trains on exactly what the first did.
 */
import type { Backbone } from '../../engine/common/backbones.js';
import type { DataPlan, Split } from '../../engine/common/data-source.js';
import { splits } from '../../engine/common/data-source.js';
import type { EngineHost } from '../../engine/common/engine-host.js';
import type { HeadFeatures } from '../../engine/common/protocol.js';
import { FoveaError } from '../../base/common/errors.js';
import type { LibraryStores } from '../../library/node/stores.js';

/** Images per engine request: about 2.5 s of MobileNetV2 on two wasm threads. */
export const embedBatchSize = 32;

export interface EmbeddingProgress {
  readonly done: number;
  readonly total: number;
  readonly cached: number;
}

export interface PlanEmbeddingOptions {
  readonly stores: Pick<LibraryStores, 'images' | 'blobs' | 'embeddings'>;
  readonly host: () => EngineHost;
  readonly backbone: Backbone;
  /** The backbone's folder, as the engine loads it. */
  readonly backboneDir: string;
  /** Feature layers; the backbone's defaults when left out. */
  readonly layers?: readonly string[];
  /** Also the training split's flipped-image embeddings (cached apart from the plain ones). */
  readonly withFlipped?: boolean;
  readonly onProgress: (progress: EmbeddingProgress) => void;
  /** Checked between batches: true stops the embedding. */
  readonly isStopped: () => boolean;
}

/** The plan's embeddings per split, in its order; null when stopped first. */
export async function embedPlan(
  plan: DataPlan,
  options: PlanEmbeddingOptions,
): Promise<HeadFeatures | null> {
  const { stores, backbone } = options;
  const layers = options.layers ?? backbone.defaultLayers;
  const key = { backbone: backbone.id, layers };
  const flippedKey = { ...key, flipped: true };
  const ids = [...new Set(splits.flatMap((split) => plan.splits[split].map((i) => i.imageId)))];
  const trainIds = new Set(plan.splits.train.map((item) => item.imageId));
  const cachedIds = new Set(stores.embeddings.read(key, ids).keys());
  const flippedIds = options.withFlipped
    ? new Set(stores.embeddings.read(flippedKey, [...trainIds]).keys())
    : null;
  // A training image lacking its flipped embedding is embedded again, both ways in one pass.
  const needsFlipped = (id: number) =>
    flippedIds !== null && trainIds.has(id) && !flippedIds.has(id);
  const missing = ids.filter((id) => !cachedIds.has(id) || needsFlipped(id));
  const cached = ids.length - missing.length;
  let done = cached;
  options.onProgress({ done, total: ids.length, cached });
  const jobs = [missing.filter(needsFlipped), missing.filter((id) => !needsFlipped(id))];
  for (const [index, job] of jobs.entries()) {
    const withFlipped = index === 0;
    for (let start = 0; start < job.length; start += embedBatchSize) {
      if (options.isStopped()) return null;
      const batch = job.slice(start, start + embedBatchSize);
      const result = await options.host().runModelTask({
        op: 'embed',
        backbone: options.backboneDir,
        layers,
        originals: batch.map((id) => stores.blobs.path(hashOf(stores, id))),
        ...(withFlipped ? { withFlipped } : {}),
      });
      stores.embeddings.insertAll(key, rowsOf(batch, result.embeddings, result.dimension));
      if (withFlipped && result.flipped !== undefined)
        stores.embeddings.insertAll(flippedKey, rowsOf(batch, result.flipped, result.dimension));
      done += batch.length;
      options.onProgress({ done, total: ids.length, cached });
    }
  }
  if (options.isStopped()) return null;
  const features = assemble(plan, stores.embeddings.read(key, ids));
  if (flippedIds === null) return features;
  const flipped = stores.embeddings.read(flippedKey, [...trainIds]);
  return { ...features, flippedTrain: splitOf(plan.splits.train, flipped, features.dimension) };
}

function rowsOf(batch: readonly number[], buffer: ArrayBuffer, dimension: number) {
  const values = new Float32Array(buffer);
  return batch.map((imageId, index) => ({
    imageId,
    values: values.subarray(index * dimension, (index + 1) * dimension),
  }));
}

function hashOf(stores: PlanEmbeddingOptions['stores'], imageId: number): string {
  const image = stores.images.detail(imageId);
  if (image === undefined) throw new FoveaError('not_found', `Image ${imageId} is gone.`);
  return image.hash;
}

function assemble(plan: DataPlan, vectors: ReadonlyMap<number, Float32Array>): HeadFeatures {
  const dimension = vectors.values().next().value?.length ?? 0;
  const features = Object.fromEntries(
    splits.map((split): [Split, ArrayBuffer] => [
      split,
      splitOf(plan.splits[split], vectors, dimension),
    ]),
  ) as Record<Split, ArrayBuffer>;
  return { dimension, features };
}

/** One split's vectors in its order, as one Float32 buffer. */
function splitOf(
  items: DataPlan['splits'][Split],
  vectors: ReadonlyMap<number, Float32Array>,
  dimension: number,
): ArrayBuffer {
  const out = new Float32Array(items.length * dimension);
  items.forEach((item, row) => {
    const vector = vectors.get(item.imageId);
    if (vector === undefined)
      throw new FoveaError('internal', `Image ${item.imageId} has no embedding.`);
    out.set(vector, row * dimension);
  });
  return out.buffer;
}
