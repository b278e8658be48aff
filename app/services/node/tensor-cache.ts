import { readFile } from 'node:fs/promises';
import { decodeImage } from '../../images/node/process-image.js';
import type { LibraryContext } from './library-context.js';

/**
 * Training tensors at another input size than the dataset's: made once from the originals in the
 * blob store (the same preprocessing as the import) and kept beside the others.
 */
export async function ensureTensors(
  context: LibraryContext,
  datasetId: number,
  size: number,
  concurrency = 4,
): Promise<number> {
  const missing = context.images.missingTensors(datasetId, size);
  let next = 0;
  let made: { id: number; data: Uint8Array }[] = [];
  const flush = (): void => {
    const batch = made;
    made = [];
    context.db.transaction(() => {
      for (const { id, data } of batch) context.images.insertTensor(id, size, data);
    })();
  };
  const worker = async (): Promise<void> => {
    for (let image = missing[next++]; image !== undefined; image = missing[next++]) {
      const decoded = await decodeImage(await readFile(context.blobs.path(image.hash)), {
        tensorSize: size,
      });
      made.push({ id: image.id, data: decoded.tensor });
      if (made.length >= 64) flush();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  flush();
  return missing.length;
}
