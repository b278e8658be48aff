/**
 * The engine's side of the `embed` task: decodes originals at the backbone's input size with the
 * import's decoding (orientation, background, colour space), so embeddings see the photo as
 * imported rather than the small training tensor scaled back up, and runs them through a feature
 * extractor. The extractor is kept for the next batch while backbone and layers stay the same.
 */
import { readFile } from 'node:fs/promises';

import { FoveaError } from '../../base/common/errors.js';
import { decodeImage } from '../../images/node/process-image.js';
import type { EmbeddedBatch, ModelTaskOf } from '../common/model-tasks.js';
import type { LoadedBackbone, RgbImage } from './backbone.js';
import { FeatureExtractor, loadBackbone } from './backbone.js';

/**
 * decodeImage resizes once to the larger of thumbnail and tensor, then to each; asking for a
 * thumbnail of the input size (or the smallest allowed) makes that step the tensor itself, as the
 * pets measurements of the default recipe decoded.
 */
const smallestThumbnail = 16;

/** How an original is decoded for a backbone of this input size (the tensors it sees). */
export function backboneDecodeOptions(size: number): { tensorSize: number; thumbnailSize: number } {
  return { tensorSize: size, thumbnailSize: Math.max(size, smallestThumbnail) };
}

export async function decodeOriginal(path: string, size: number): Promise<RgbImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new FoveaError('not_found', `The original ${path} cannot be read.`, { cause: error });
  }
  const decoded = await decodeImage(bytes, backboneDecodeOptions(size));
  return { data: decoded.tensor, width: size, height: size };
}

export class EmbedTasks {
  #held: {
    readonly key: string;
    readonly backbone: LoadedBackbone;
    readonly extractor: FeatureExtractor;
  } | null = null;

  async run(task: ModelTaskOf<'embed'>): Promise<EmbeddedBatch> {
    if (task.originals.length === 0)
      throw new FoveaError('invalid_argument', 'Send at least one image to embed.');
    const { backbone, extractor } = await this.#extractor(task.backbone, task.layers);
    const images = await Promise.all(
      task.originals.map((path) => decodeOriginal(path, backbone.inputSize)),
    );
    const { embeddings, flipped } = await extractor.embed(images, {
      withFlipped: task.withFlipped === true,
    });
    return {
      dimension: extractor.dimension,
      embeddings: embeddings.buffer as ArrayBuffer,
      ...(flipped ? { flipped: flipped.buffer as ArrayBuffer } : {}),
    };
  }

  /** The backbone in `directory`, loaded (kept for the next embedding with these layers). */
  async backbone(directory: string, layers: readonly string[]): Promise<LoadedBackbone> {
    return (await this.#extractor(directory, layers)).backbone;
  }

  dispose(): void {
    this.#held?.extractor.dispose();
    this.#held?.backbone.model.dispose();
    this.#held = null;
  }

  async #extractor(
    directory: string,
    layers: readonly string[],
  ): Promise<{ backbone: LoadedBackbone; extractor: FeatureExtractor }> {
    const key = JSON.stringify([directory, layers]);
    if (this.#held?.key === key) return this.#held;
    this.dispose();
    const backbone = await loadBackbone(directory);
    try {
      this.#held = { key, backbone, extractor: FeatureExtractor.create(backbone, layers) };
    } catch (error) {
      backbone.model.dispose();
      throw error;
    }
    return this.#held;
  }
}
