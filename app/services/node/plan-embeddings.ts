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
  const fit = plan.fit ?? 'squash';
  // Embeddings of cropped or padded photos are cached apart from the squashed ones (which keep
  // the plain backbone id, as before fits existed).
  const cacheId = fit === 'squash' ? backbone.id : `${backbone.id}@${fit}`;
  const key = { backbone: cacheId, layers: backbone.defaultLayers };
  const ids = [...new Set(splits.flatMap((split) => plan.splits[split].map((i) => i.imageId)))];
  const cachedIds = new Set(stores.embeddings.read(key, ids).keys());
  const missing = ids.filter((id) => !cachedIds.has(id));
  const total = ids.length;
  let done = cachedIds.size;
  options.onProgress({ done, total, cached: cachedIds.size });
  for (let start = 0; start < missing.length; start += embedBatchSize) {
    if (options.isStopped()) return null;
    const batch = missing.slice(start, start + embedBatchSize);
    const result = await options.host().runModelTask({
      op: 'embed',
      backbone: options.backboneDir,
      layers: backbone.defaultLayers,
      originals: batch.map((id) => stores.blobs.path(hashOf(stores, id))),
      fit,
    });
    const values = new Float32Array(result.embeddings);
    stores.embeddings.insertAll(
      key,
      batch.map((imageId, index) => ({
        imageId,
        values: values.subarray(index * result.dimension, (index + 1) * result.dimension),
      })),
    );
    done += batch.length;
    options.onProgress({ done, total, cached: cachedIds.size });
  }
  if (options.isStopped()) return null;
  return assemble(plan, stores.embeddings.read(key, ids));
}

function hashOf(stores: PlanEmbeddingOptions['stores'], imageId: number): string {
  const image = stores.images.detail(imageId);
  if (image === undefined) throw new FoveaError('not_found', `Image ${imageId} is gone.`);
  return image.hash;
}

function assemble(plan: DataPlan, vectors: ReadonlyMap<number, Float32Array>): HeadFeatures {
  const dimension = vectors.values().next().value?.length ?? 0;
  const features = Object.fromEntries(
    splits.map((split): [Split, ArrayBuffer] => {
      const items = plan.splits[split];
      const out = new Float32Array(items.length * dimension);
      items.forEach((item, row) => {
        const vector = vectors.get(item.imageId);
        if (vector === undefined)
          throw new FoveaError('internal', `Image ${item.imageId} has no embedding.`);
        out.set(vector, row * dimension);
      });
      return [split, out.buffer];
    }),
  ) as Record<Split, ArrayBuffer>;
  return { dimension, features };
}
