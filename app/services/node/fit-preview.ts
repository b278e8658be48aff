import { readFile } from 'node:fs/promises';
import type { Fit, FitPreview } from '../../images/common/fit.js';
import { fits } from '../../images/common/fit.js';
import { decodeImage } from '../../images/node/process-image.js';
import type { LibraryStores } from '../../library/node/stores.js';

/**
 * The first image of a dataset as each fit makes it, from its original as the tensors are made,
 * so the Train form shows what a run would see; null for a dataset without images.
 */
export async function fitPreview(
  stores: Pick<LibraryStores, 'datasets' | 'images' | 'blobs'>,
  datasetId: number,
): Promise<FitPreview | null> {
  const size = stores.datasets.getDataset(datasetId).inputSize;
  const imageId = stores.images.firstWithTensor(datasetId, size);
  const hash = imageId === undefined ? undefined : stores.images.detail(imageId)?.hash;
  if (imageId === undefined || hash === undefined) return null;
  const bytes = await readFile(stores.blobs.path(hash));
  const decode = async (fit: Fit) => (await decodeImage(bytes, { tensorSize: size, fit })).tensor;
  const [squash, crop, pad] = await Promise.all(fits.map(decode));
  if (squash === undefined || crop === undefined || pad === undefined) return null;
  return { imageId, size, images: { squash, crop, pad } };
}
