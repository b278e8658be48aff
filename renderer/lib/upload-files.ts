import type { FoveaClient } from '../../app/ipc/common/contract.js';
import type { DroppedFile } from './dropped-files.js';

/** Bytes per upload call: large enough to be fast, small enough to show progress. */
const uploadChunkBytes = 8 * 1024 * 1024;

/**
 * Web mode: sends dropped files into a new upload of the library's staging area, in chunks.
 * Resolves with its id, or null when `isCancelled` said stop between two chunks.
 */
export async function uploadFiles(
  client: FoveaClient,
  files: readonly DroppedFile[],
  onProgress: (done: number) => void,
  isCancelled: () => boolean,
): Promise<string | null> {
  const { uploadId } = await client.uploads.begin();
  let chunk: { path: string; data: ArrayBuffer }[] = [];
  let chunkBytes = 0;
  let done = 0;
  const send = async (): Promise<void> => {
    await client.uploads.add(uploadId, chunk);
    done += chunk.length;
    onProgress(done);
    chunk = [];
    chunkBytes = 0;
  };
  for (const { path, file } of files) {
    if (isCancelled()) return null;
    chunk.push({ path, data: await file.arrayBuffer() });
    chunkBytes += file.size;
    if (chunkBytes >= uploadChunkBytes) await send();
  }
  if (isCancelled()) return null;
  if (chunk.length > 0) await send();
  return uploadId;
}
