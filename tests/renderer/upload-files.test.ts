import { describe, expect, it } from 'vitest';
import { maxUploadFileBytes, uploadChunkBytes } from '../../app/library/common/upload-limits.js';
import type { DroppedFile } from '../../renderer/lib/dropped-files.js';
import { uploadFiles } from '../../renderer/lib/upload-files.js';
import { FakeClient } from './fake-client.js';

/** A dropped file of `size` bytes whose contents are never read unless sent. */
function dropped(path: string, size: number): DroppedFile {
  const file = { size, arrayBuffer: () => Promise.resolve(new ArrayBuffer(Math.min(size, 16))) };
  return { path, file: file as unknown as File };
}

function uploadClient(): FakeClient {
  return new FakeClient({
    'uploads.begin': () => ({ uploadId: '0123456789abcdef' }),
    'uploads.add': () => null,
  });
}

describe('web uploads', () => {
  it('refuse a file over the cap by name before sending anything', async () => {
    const fake = uploadClient();
    const files = [dropped('cats/a.jpg', 1000), dropped('cats/huge.tif', maxUploadFileBytes + 1)];
    await expect(
      uploadFiles(
        fake.client,
        files,
        () => {},
        () => false,
      ),
    ).rejects.toThrow(/cats\/huge\.tif: larger than 64 MiB/);
    expect(fake.calls).toEqual([]);
  });

  it('send files in chunks of the shared size and report each one done', async () => {
    const fake = uploadClient();
    const half = uploadChunkBytes / 2;
    const files = ['a', 'b', 'c', 'd', 'e'].map((name) => dropped(`${name}.jpg`, half));
    const progress: number[] = [];
    const id = await uploadFiles(
      fake.client,
      files,
      (done) => progress.push(done),
      () => false,
    );
    expect(id).toBe('0123456789abcdef');
    const adds = fake.calls.filter((call) => call.method === 'uploads.add');
    expect(adds.map((call) => (call.args[1] as unknown[]).length)).toEqual([2, 2, 1]);
    expect(progress).toEqual([2, 4, 5]);
  });
});
