/**
 * A pretrained run's first half: the embeddings of every image of its plan, from the library's
 * cache where they are, else embedded by the engine from the stored originals a batch at a time
 * (so progress with an estimate of the time left is reported and a stop takes effect between
 * batches) and cached as they come. The cache is keyed by content, so a photo already embedded in
 * another dataset is not embedded again. Every vector handed to the head is read back from the
 * cache, so a second run on the same images trains on exactly what the first did.
 *
 * Memory stays bounded by the batch, not the dataset: the embedding loop holds one batch, and the
 * features are gathered from SQLite a chunk of rows at a time straight into each split's array
 * (the one float32 copy the head needs).
 */
import type { Backbone } from '../../engine/common/backbones.js';
import type { DataPlan, Split } from '../../engine/common/data-source.js';
import { splits } from '../../engine/common/data-source.js';
import type { EngineHost } from '../../engine/common/engine-host.js';
import type { HeadFeatures } from '../../engine/common/protocol.js';
import { FoveaError } from '../../base/common/errors.js';
import type { EmbeddingKey } from '../../library/node/embedding-repository.js';
import { fromFloat16Into } from '../../library/node/float16.js';
import type { LibraryStores } from '../../library/node/stores.js';

/** Images per engine request: about 2.5 s of MobileNetV2 on two wasm threads. */
export const embedBatchSize = 32;

export interface EmbeddingProgress {
  readonly done: number;
  readonly total: number;
  readonly cached: number;
  /** Seconds until all are embedded, from the rate measured so far; null before the first batch. */
  readonly secondsLeft: number | null;
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
  /** Milliseconds, for the time left; Date.now unless a test gives its own. */
  readonly now?: () => number;
}

/** The plan's embeddings per split, in its order; null when stopped first. */
export async function embedPlan(
  plan: DataPlan,
  options: PlanEmbeddingOptions,
): Promise<HeadFeatures | null> {
  const { stores, backbone } = options;
  const now = options.now ?? Date.now;
  const fit = plan.fit ?? 'squash';
  // Embeddings of cropped or padded photos are cached apart from the squashed ones (which keep
  // the plain backbone id, as before fits existed).
  const cacheId = fit === 'squash' ? backbone.id : `${backbone.id}@${fit}`;
  const layers = options.layers ?? backbone.defaultLayers;
  const key = { backbone: cacheId, layers };
  const flippedKey = { ...key, flipped: true };
  const hashOf = planHashes(plan, stores);
  const hashes = [...new Set(hashOf.values())];
  const trainHashes = new Set(plan.splits.train.map((item) => hashOf.get(item.imageId)!));
  const cached = stores.embeddings.cached(key, hashes);
  const flippedCached = options.withFlipped
    ? stores.embeddings.cached(flippedKey, [...trainHashes])
    : null;
  // A training image lacking its flipped embedding is embedded again, both ways in one pass.
  const needsFlipped = (hash: string): boolean =>
    flippedCached !== null && trainHashes.has(hash) && !flippedCached.has(hash);
  const missing = hashes.filter((hash) => !cached.has(hash) || needsFlipped(hash));
  const cachedCount = hashes.length - missing.length;
  const total = hashes.length;
  const started = now();
  let embedded = 0;
  const report = (): void => {
    const seconds = (now() - started) / 1000;
    const secondsLeft =
      embedded === missing.length
        ? 0
        : embedded === 0 || seconds <= 0
          ? null
          : ((missing.length - embedded) * seconds) / embedded;
    options.onProgress({ done: cachedCount + embedded, total, cached: cachedCount, secondsLeft });
  };
  report();
  const jobs = [missing.filter(needsFlipped), missing.filter((hash) => !needsFlipped(hash))];
  for (const [index, job] of jobs.entries()) {
    const withFlipped = index === 0;
    for (let start = 0; start < job.length; start += embedBatchSize) {
      if (options.isStopped()) return null;
      const batch = job.slice(start, start + embedBatchSize);
      const result = await options.host().runModelTask({
        op: 'embed',
        backbone: options.backboneDir,
        layers,
        originals: batch.map((hash) => stores.blobs.path(hash)),
        fit,
        ...(withFlipped ? { withFlipped } : {}),
      });
      stores.embeddings.insertAll(key, rowsOf(batch, result.embeddings, result.dimension));
      if (withFlipped && result.flipped !== undefined)
        stores.embeddings.insertAll(flippedKey, rowsOf(batch, result.flipped, result.dimension));
      embedded += batch.length;
      report();
    }
  }
  if (options.isStopped()) return null;
  const features = gather(plan, key, hashOf, stores.embeddings);
  if (flippedCached === null) return features;
  const flipped = gatherSplit(plan.splits.train, flippedKey, hashOf, stores.embeddings);
  return { ...features, flippedTrain: flipped.features.buffer as ArrayBuffer };
}

/** One engine batch's vectors as cache rows, by content hash. */
function rowsOf(batch: readonly string[], buffer: ArrayBuffer, dimension: number) {
  const values = new Float32Array(buffer);
  return batch.map((hash, index) => ({
    hash,
    values: values.subarray(index * dimension, (index + 1) * dimension),
  }));
}

/** Each planned image's content hash. */
function planHashes(plan: DataPlan, stores: PlanEmbeddingOptions['stores']): Map<number, string> {
  const hashOf = new Map<number, string>();
  for (const split of splits)
    for (const { imageId } of plan.splits[split]) {
      if (hashOf.has(imageId)) continue;
      const image = stores.images.detail(imageId);
      if (image === undefined) throw new FoveaError('not_found', `Image ${imageId} is gone.`);
      hashOf.set(imageId, image.hash);
    }
  return hashOf;
}

/** One split's features, row i for its item i, read a chunk at a time into a single array. */
function gatherSplit(
  items: DataPlan['splits'][Split],
  key: EmbeddingKey,
  hashOf: ReadonlyMap<number, string>,
  embeddings: PlanEmbeddingOptions['stores']['embeddings'],
): { dimension: number; features: Float32Array } {
  const rowsOf = new Map<string, number[]>();
  items.forEach((item, row) => {
    const hash = hashOf.get(item.imageId)!;
    rowsOf.set(hash, [...(rowsOf.get(hash) ?? []), row]);
  });
  let dimension = 0;
  let features = new Float32Array(0);
  let filled = 0;
  embeddings.forEachChunk(key, [...rowsOf.keys()], (chunk) => {
    for (const { hash, dimension: length, bits } of chunk) {
      if (dimension === 0) {
        dimension = length;
        features = new Float32Array(items.length * dimension);
      }
      for (const row of rowsOf.get(hash) ?? []) {
        fromFloat16Into(bits, features, row * dimension);
        filled++;
      }
    }
  });
  if (filled !== items.length)
    throw new FoveaError(
      'internal',
      `${items.length - filled} of the run's images have no cached embedding.`,
    );
  return { dimension, features };
}

function gather(
  plan: DataPlan,
  key: EmbeddingKey,
  hashOf: ReadonlyMap<number, string>,
  embeddings: PlanEmbeddingOptions['stores']['embeddings'],
): HeadFeatures {
  let dimension = 0;
  const features = Object.fromEntries(
    splits.map((split): [Split, ArrayBuffer] => {
      const gathered = gatherSplit(plan.splits[split], key, hashOf, embeddings);
      dimension ||= gathered.dimension;
      return [split, gathered.features.buffer as ArrayBuffer];
    }),
  ) as Record<Split, ArrayBuffer>;
  return { dimension, features };
}
