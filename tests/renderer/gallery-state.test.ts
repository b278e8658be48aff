import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../app/ipc/common/client.js';
import type { EventName, EventPayloads } from '../../app/ipc/common/contract.js';
import { dispatch } from '../../app/ipc/common/envelope.js';
import type { Services } from '../../app/services/node/services.js';
import { openServices } from '../../app/services/node/services.js';
import { GalleryState } from '../../renderer/lib/state/gallery.svelte.js';
import { ImportsState } from '../../renderer/lib/state/imports.svelte.js';
import { temporaryFolders } from '../support/temp-folders.js';

const temporaryFolder = temporaryFolders();

async function photos(dir: string, count: number): Promise<void> {
  for (const cls of ['cat', 'dog']) {
    await mkdir(join(dir, cls), { recursive: true });
    for (let i = 0; i < count; i++) {
      await sharp({
        create: {
          width: 24,
          height: 24,
          channels: 3,
          background: { r: i * 20, g: cls === 'cat' ? 10 : 200, b: 50 },
        },
      })
        .png()
        .toFile(join(dir, cls, `${i}.png`));
    }
  }
}

describe('GalleryState and ImportsState', () => {
  let services: Services;
  let gallery: GalleryState;
  let imports: ImportsState;
  let stop: () => void;

  beforeEach(async () => {
    services = await openServices({
      libraryDir: temporaryFolder('fovea-gallery-'),
      // Imports by path are the desktop app's (web mode imports uploads only).
      mode: 'electron',
      version: 'test',
    });
    const client = createClient({
      call: (method, args) => dispatch(services.handlers, method, args),
      subscribe: <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) =>
        services.events.listen((name, payload) => {
          if ((name as string) === event) (listener as (value: unknown) => void)(payload);
        }),
    });
    gallery = new GalleryState(client);
    imports = new ImportsState(client);
    stop = imports.listen();
  });
  afterEach(async () => {
    stop();
    await services.close();
  });

  it('imports by path, then selects, relabels, moves, deletes and undoes', async () => {
    const source = temporaryFolder('fovea-gallery-src-');
    await photos(source, 4);
    const dataset = services.stores.datasets.createDataset('pets');
    await imports.importPaths(dataset.id, [source]);
    expect(imports.phase).toBe('previewing');
    expect(imports.preview?.classes).toEqual([
      { name: 'cat', images: 4 },
      { name: 'dog', images: 4 },
    ]);
    expect(services.stores.datasets.getDataset(dataset.id).imageCount).toBe(0);
    await imports.confirm();
    await expect.poll(() => imports.phase).toBe('idle');
    expect(imports.last).toMatchObject({ imported: 8, classes: { cat: 4, dog: 4 } });

    await gallery.open(dataset.id);
    expect(gallery.count).toBe(8);
    const ids = [...gallery.index.ids];
    gallery.click(ids[1] ?? 0, { isShift: false, isToggle: false });
    gallery.click(ids[3] ?? 0, { isShift: true, isToggle: false });
    expect([...gallery.selected]).toEqual(ids.slice(1, 4));
    gallery.click(ids[6] ?? 0, { isShift: false, isToggle: true });
    expect(gallery.selected.size).toBe(4);

    const dog = services.stores.datasets
      .getDataset(dataset.id)
      .classes.find((c) => c.name === 'dog');
    // The import decodes in parallel, so which ids are cats depends on the order files finished.
    const catsSelected = [...gallery.index.ids].filter(
      (id, index) => gallery.selected.has(id) && gallery.index.classIds[index] !== dog?.id,
    ).length;
    await gallery.relabel(dog?.id ?? null);
    expect(
      services.stores.datasets.getDataset(dataset.id).classes.map((c) => c.imageCount),
    ).toEqual([4 - catsSelected, 4 + catsSelected]);

    await gallery.moveToSplit('test');
    expect(services.stores.gallery.splitCounts(dataset.id).test).toBe(4);

    await gallery.setFilter({ split: 'test' });
    expect(gallery.count).toBe(4);
    gallery.selectAll();
    await gallery.deleteSelected();
    expect(gallery.count).toBe(0);
    expect(gallery.canUndo).toBe(true);
    await gallery.undoDelete();
    expect(gallery.count).toBe(4);
    expect(gallery.selected.size).toBe(4);
  });

  it('imports the loose images of a folder into the class chosen in the preview', async () => {
    const source = temporaryFolder('fovea-gallery-loose-');
    await photos(source, 2);
    const dataset = services.stores.datasets.createDataset('loose');
    await imports.importPaths(dataset.id, [join(source, 'cat')]);
    expect(imports.preview).toMatchObject({ loose: 2, classes: [], suggestedClass: 'cat' });
    expect(imports.looseChoice).toBe('none');
    imports.looseChoice = 'new';
    await imports.confirm();
    await expect.poll(() => imports.phase).toBe('idle');
    expect(imports.last).toMatchObject({ imported: 2, classes: { cat: 2 } });

    await imports.importPaths(dataset.id, [join(source, 'dog')]);
    await imports.discardPreview();
    expect(imports.phase).toBe('idle');
    expect(services.stores.datasets.getDataset(dataset.id).imageCount).toBe(2);
  });

  it('keeps a refused import readable afterwards', async () => {
    const source = temporaryFolder('fovea-gallery-bad-');
    await mkdir(join(source, 'cat'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(source, 'cat', 'broken.png'), 'not a png');
    const dataset = services.stores.datasets.createDataset('broken');
    await imports.importPaths(dataset.id, [source]);
    await imports.confirm();
    await expect.poll(() => imports.phase).toBe('idle');
    expect(imports.last?.failed).toEqual([
      { file: join(source, 'cat', 'broken.png'), reason: expect.stringMatching(/not an image/) },
    ]);
    imports.dismiss();
    await imports.loadLast(dataset.id);
    expect(imports.last?.failed).toHaveLength(1);
  });
});
