import type { FoveaClient } from '../../app/ipc/common/contract.js';
import { FoveaError } from '../../app/base/common/errors.js';
// The web server's frame cap is computed from these, so the renderer must keep to them.
import { maxUploadFileBytes, uploadChunkBytes } from '../../app/library/common/upload-limits.js';
import type { DroppedFile } from './dropped-files.js';

const mebibyte = 1024 * 1024;

/**
 * Files too large to upload, refused before anything is sent: a file over the cap would make a
 * frame the server closes the connection on, and the page could then only say "connection lost".
 */
export function refuseOversizedFiles(files: readonly DroppedFile[]): void {
  const tooLarge = files.filter(({ file }) => file.size > maxUploadFileBytes);
  if (tooLarge.length === 0) return;
  const named = tooLarge.slice(0, 3).map(({ path }) => path);
  const more = tooLarge.length > named.length ? ` and ${tooLarge.length - named.length} more` : '';
  throw new FoveaError(
    'invalid_argument',
    `${named.join(', ')}${more}: larger than ${maxUploadFileBytes / mebibyte} MiB, the most one ` +
      'uploaded file may hold. Leave them out and drop the rest again.',
  );
}

/**
 * Web mode: sends dropped files into a new upload of the library's staging area, in chunks.
 * Resolves with its id, or null when `isCancelled` said stop between two chunks. Nothing is sent
 * when a file is over the size cap.
 */
export async function uploadFiles(
  client: FoveaClient,
  files: readonly DroppedFile[],
  onProgress: (done: number) => void,
  isCancelled: () => boolean,
): Promise<string | null> {
  refuseOversizedFiles(files);
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
