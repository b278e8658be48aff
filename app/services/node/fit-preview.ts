import { readFile } from 'node:fs/promises';
import type { Fit, FitPreview } from '../../images/common/fit.js';
import { fits } from '../../images/common/fit.js';
import { decodeImage } from '../../images/node/process-image.js';
import type { LibraryStores } from '../../library/node/stores.js';

/**
 * The image of a dataset furthest from square (where the fits differ most) as each fit makes it, from its original as the tensors are made,
 * so the Train form shows what a run would see; null for a dataset without images.
 */
export async function fitPreview(
  stores: Pick<LibraryStores, 'datasets' | 'images' | 'blobs'>,
  datasetId: number,
): Promise<FitPreview | null> {
  const size = stores.datasets.getDataset(datasetId).inputSize;
  const image = stores.images.mostOblong(datasetId);
  if (image === undefined) return null;
  const bytes = await readFile(stores.blobs.path(image.hash));
  const decode = async (fit: Fit) => (await decodeImage(bytes, { tensorSize: size, fit })).tensor;
  const [squash, crop, pad] = await Promise.all(fits.map(decode));
  if (squash === undefined || crop === undefined || pad === undefined) return null;
  return { imageId: image.id, size, images: { squash, crop, pad } };
}
