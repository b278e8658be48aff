import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openServices } from '../../app/services/node/services.js';
import { queryLibrary } from '../support/library-db.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

describe('training tensors at another size', () => {
  it('are made once from the originals and used by the plan', async () => {
    const source = temporaryFolder('fovea-size-src-');
    for (const cls of ['a', 'b']) {
      await mkdir(join(source, cls));
      for (let i = 0; i < 3; i++) {
        await sharp({
          create: {
            width: 40,
            height: 30,
            channels: 3,
            background: { r: 40 * i, g: cls === 'a' ? 0 : 255, b: 9 },
          },
        })
          .png()
          .toFile(join(source, cls, `${i}.png`));
      }
    }
    const libraryDir = temporaryFolder('fovea-size-lib-');
    const services = await openServices({
      libraryDir,
      mode: 'cli',
      version: 'test',
    });
    try {
      const dataset = services.stores.datasets.createDataset('d');
      await (
        await services.imports.start({ datasetId: dataset.id, paths: [source] })
      ).done;
      expect(await services.training.prepareSize(dataset.id, 32)).toBe(6);
      expect(await services.training.prepareSize(dataset.id, 32)).toBe(0);
      const sizes = queryLibrary(
        libraryDir,
        "SELECT size, length(data) AS bytes, count(*) AS n FROM tensors WHERE fit = 'squash' GROUP BY size ORDER BY size",
      );
      expect(sizes).toEqual([
        { size: 32, bytes: 32 * 32 * 3, n: 6 },
        { size: 64, bytes: 64 * 64 * 3, n: 6 },
      ]);
      expect(services.stores.images.trainable(dataset.id, 32)).toHaveLength(6);
      // Another fit at the import's size: made beside the squashed ones, which stay.
      expect(await services.training.prepareSize(dataset.id, 64, 'pad')).toBe(6);
      expect(await services.training.prepareSize(dataset.id, 64, 'pad')).toBe(0);
      const fits = queryLibrary(
        libraryDir,
        'SELECT size, fit, count(*) AS n FROM tensors GROUP BY size, fit ORDER BY size, fit',
      );
      expect(fits).toEqual([
        { size: 32, fit: 'squash', n: 6 },
        { size: 64, fit: 'pad', n: 6 },
        { size: 64, fit: 'squash', n: 6 },
      ]);
      expect(services.stores.images.trainable(dataset.id, 64, 'pad')).toHaveLength(6);
      expect(services.stores.images.trainable(dataset.id, 64, 'crop')).toHaveLength(0);
      // 40×30 padded into 64×64: 64×48 at rows 8..55, black above.
      const imageId = services.stores.images.trainable(dataset.id, 64, 'pad')[0]!.id;
      const padded = services.stores.tensors.read(imageId, 64, 'pad')!;
      expect([...padded.subarray(0, 3)]).toEqual([0, 0, 0]);
      expect(padded[(10 * 64 + 32) * 3 + 2]).toBe(9);
    } finally {
      await services.close();
    }
  });
});
