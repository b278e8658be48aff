import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../app/library/common/images.js';
import { ImportsState } from '../../renderer/lib/state/imports.svelte.js';
import { FakeClient } from './fake-client.js';

const photo = (name: string) => ({ path: name, file: new File([name], name) });

describe('ImportsState.importCaptured', () => {
  it('uploads camera photos and imports them straight into the class, with no preview', async () => {
    const fake = new FakeClient({
      'uploads.begin': () => ({ uploadId: 'abcdef0123456789' }),
      'uploads.add': () => null,
      'imports.start': () => ({ importId: 9 }),
    });
    const imports = new ImportsState(fake.client);
    const stop = imports.listen();
    await imports.importCaptured(3, [photo('camera-1.jpg'), photo('camera-2.jpg')], 5);
    expect(fake.argsOf('imports.preview')).toEqual([]);
    expect(fake.argsOf('imports.start')).toEqual([
      [{ datasetId: 3, uploadId: 'abcdef0123456789', classId: 5 }],
    ]);
    const added = fake.argsOf('uploads.add')[0]![1] as { path: string }[];
    expect(added.map((file) => file.path)).toEqual(['camera-1.jpg', 'camera-2.jpg']);
    expect(imports.phase).toBe('importing');
    fake.emit('import.finished', { id: 9, imported: 2 } as unknown as ImportSummary);
    expect(imports.phase).toBe('idle');
    expect(imports.last?.imported).toBe(2);
    stop();
  });

  it('reports a failed upload and ends idle', async () => {
    const fake = new FakeClient({ 'uploads.begin': () => Promise.reject(new Error('disk full')) });
    const imports = new ImportsState(fake.client);
    await imports.importCaptured(3, [photo('camera-1.jpg')], 5);
    expect(imports.phase).toBe('idle');
    expect(imports.errors.message).toContain('disk full');
  });
});
