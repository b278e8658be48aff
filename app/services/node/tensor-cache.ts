import { readFile } from 'node:fs/promises';
import type { DecodeOptions } from '../../images/node/process-image.js';
import { decodeImage } from '../../images/node/process-image.js';
import type { BlobFiles, TensorStore } from '../../library/node/stores.js';
import type { StoredTensor } from '../../library/node/tensor-repository.js';

export interface TensorCacheStores {
  readonly tensors: TensorStore;
  readonly blobs: BlobFiles;
}

/**
 * Training tensors at another input size than the dataset's: made once from the originals in the
 * blob store (the same preprocessing as the import, or `decode`'s, e.g. a backbone's) and kept
 * beside the others.
 */
export async function ensureTensors(
  { tensors, blobs }: TensorCacheStores,
  datasetId: number,
  size: number,
  concurrency = 4,
  decode: DecodeOptions = { tensorSize: size },
): Promise<number> {
  const missing = tensors.missing(datasetId, size);
  let next = 0;
  let made: StoredTensor[] = [];
  const flush = (): void => {
    const batch = made;
    made = [];
    tensors.insertAll(size, batch);
  };
  const worker = async (): Promise<void> => {
    for (let image = missing[next++]; image !== undefined; image = missing[next++]) {
      const decoded = await decodeImage(await readFile(blobs.path(image.hash)), {
        ...decode,
        tensorSize: size,
      });
      made.push({ imageId: image.id, data: decoded.tensor });
      if (made.length >= 64) flush();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  flush();
  return missing.length;
}
