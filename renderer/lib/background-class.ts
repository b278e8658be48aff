import {
  backgroundClassName,
  findBackgroundClass,
} from '../../app/library/common/background-class.js';
import type { FoveaClient } from '../../app/ipc/common/contract.js';
import type { ClassSummary } from '../../app/library/common/types.js';
import { uploadFiles } from './upload-files.js';

/** The dataset's background class, made if it has none yet. */
export async function backgroundClass(
  client: FoveaClient,
  datasetId: number,
): Promise<ClassSummary> {
  const existing = findBackgroundClass((await client.datasets.get(datasetId)).classes);
  if (existing) return existing;
  try {
    return await client.classes.create(datasetId, backgroundClassName);
  } catch (error) {
    // Made meanwhile (another window, the CLI): use that one.
    const made = findBackgroundClass((await client.datasets.get(datasetId)).classes);
    if (made) return made;
    throw error;
  }
}

/** Library images marked "none of these": moved into the background class. */
export async function markImagesAsNone(
  client: FoveaClient,
  datasetId: number,
  imageIds: readonly number[],
): Promise<ClassSummary> {
  const target = await backgroundClass(client, datasetId);
  await client.images.setClass([...imageIds], target.id);
  return target;
}

/**
 * A picture from outside the library (a camera frame) marked "none of these": imported into the
 * background class through the import pipeline, like any dropped file. Resolves with the import.
 */
export async function importAsNone(
  client: FoveaClient,
  datasetId: number,
  file: File,
): Promise<{ readonly target: ClassSummary; readonly importId: number }> {
  const target = await backgroundClass(client, datasetId);
  const uploadId = await uploadFiles(
    client,
    [{ path: file.name, file }],
    () => undefined,
    () => false,
  );
  if (uploadId === null) throw new Error('The upload was cancelled.');
  const { importId } = await client.imports.start({ datasetId, uploadId, classId: target.id });
  return { target, importId };
}
