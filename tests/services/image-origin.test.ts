import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { originOf } from '../../app/services/node/library-service.js';

describe("an image's origin", () => {
  it('names the built-in sample, uploads, files still there and files gone', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'fovea-origin-'));
    try {
      await writeFile(join(folder, 'here.png'), 'x');
      expect(originOf(join(tmpdir(), 'fovea-sample-a1B2c3', 'cat', 'cat_001.png'))).toBe('sample');
      expect(originOf('bad/alpha_dog.png')).toBe('upload');
      expect(originOf(join(folder, 'here.png'))).toBe('file');
      expect(originOf(join(folder, 'gone.png'))).toBe('missing');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
