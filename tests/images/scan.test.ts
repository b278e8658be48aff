import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FoveaError } from '../../app/base/common/errors.js';
import { scanAll, scanPaths } from '../../app/images/node/scan.js';
import type { ScanResult } from '../../app/images/node/scan.js';
import { makeTempDir } from './fixtures.js';

let root: string;
let remove: () => Promise<void>;

beforeEach(async () => {
  ({ dir: root, remove } = await makeTempDir('scan'));
});
afterEach(async () => {
  await remove();
});

/** Makes files (content 'x') at the given paths under root; a path ending in / makes a folder. */
async function tree(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const full = join(root, path);
    if (path.endsWith('/')) {
      await mkdir(full, { recursive: true });
    } else {
      await mkdir(join(full, '..'), { recursive: true });
      await writeFile(full, 'x');
    }
  }
}

/** `relative path → class/split` for every image, to compare a whole scan at once. */
function placements(result: ScanResult): Record<string, string> {
  return Object.fromEntries(
    result.images.map((image) => [
      image.path.slice(root.length + 1),
      `${image.className ?? '-'}/${image.split ?? '-'}`,
    ]),
  );
}

describe('scan', () => {
  it('makes one class per subfolder that holds images', async () => {
    await tree(['pets/cats/a.jpg', 'pets/cats/b.PNG', 'pets/dogs/c.jpeg', 'pets/loose.jpg']);
    const result = await scanAll([join(root, 'pets')]);
    expect(placements(result)).toEqual({
      'pets/cats/a.jpg': 'cats/-',
      'pets/cats/b.PNG': 'cats/-',
      'pets/dogs/c.jpeg': 'dogs/-',
      'pets/loose.jpg': '-/-',
    });
    const onto = await scanAll([join(root, 'pets')], { targetClass: 'animals' });
    expect(placements(onto)['pets/cats/a.jpg']).toBe('cats/-');
    expect(placements(onto)['pets/loose.jpg']).toBe('animals/-');
  });

  it('puts a folder of images into the target class, or no class (never its own name)', async () => {
    await tree(['Chats/a.jpg', 'Chats/b.webp', 'Chats/empty/']);
    expect(placements(await scanAll([join(root, 'Chats')]))).toEqual({
      'Chats/a.jpg': '-/-',
      'Chats/b.webp': '-/-',
    });
    const onto = await scanAll([join(root, 'Chats')], { targetClass: 'cat' });
    expect(Object.values(placements(onto))).toEqual(['cat/-', 'cat/-']);
  });

  it('makes a class of each folder of images dropped together with others', async () => {
    await tree(['cats/a.jpg', 'dogs/b.jpg', 'c.jpg']);
    const paths = ['cats', 'dogs', 'c.jpg'].map((name) => join(root, name));
    expect(placements(await scanAll(paths, { targetClass: 'pet' }))).toEqual({
      'cats/a.jpg': 'cats/-',
      'dogs/b.jpg': 'dogs/-',
      'c.jpg': 'pet/-',
    });
  });

  it('puts loose files into the target class or no class', async () => {
    await tree(['a.jpg', 'b.gif', 'notes.txt']);
    const paths = ['a.jpg', 'b.gif', 'notes.txt'].map((name) => join(root, name));
    const result = await scanAll(paths, { targetClass: 'dog' });
    expect(placements(result)).toEqual({ 'a.jpg': 'dog/-', 'b.gif': 'dog/-' });
    expect(result.skipped.map((skip) => skip.reason)).toEqual(['not_image']);
    expect(Object.values(placements(await scanAll(paths)))).toEqual(['-/-', '-/-']);
  });

  it('reads train/val/test folders as splits, case-insensitively', async () => {
    await tree([
      'set/TRAIN/cat/1.jpg',
      'set/Train/dog/2.jpg',
      'set/Validation/cat/3.jpg',
      'set/val/dog/4.jpg',
      'set/test/cat/5.jpg',
      'set/test/6.jpg',
      'set/bad/7.jpg',
      'set/README.md',
    ]);
    const result = await scanAll([join(root, 'set')]);
    expect(placements(result)).toEqual({
      'set/Train/dog/2.jpg': 'dog/train',
      'set/TRAIN/cat/1.jpg': 'cat/train',
      'set/val/dog/4.jpg': 'dog/val',
      'set/Validation/cat/3.jpg': 'cat/val',
      'set/test/cat/5.jpg': 'cat/test',
      'set/test/6.jpg': '-/test',
    });
    expect(result.skipped.map((skip) => [skip.reason, skip.isFolder])).toEqual(
      expect.arrayContaining([
        ['outside_split', true],
        ['not_image', false],
      ]),
    );
    expect(result.skippedByReason).toMatchObject({ outside_split: 1, not_image: 1 });
  });

  it('takes the split from a dropped split folder that holds classes', async () => {
    await tree(['pets/train/cat/1.jpg', 'pets/Test/dog/2.jpg', 'loose/test/3.jpg']);
    const result = await scanAll([join(root, 'pets/train'), join(root, 'pets/Test')]);
    expect(placements(result)).toEqual({
      'pets/train/cat/1.jpg': 'cat/train',
      'pets/Test/dog/2.jpg': 'dog/test',
    });
    expect(placements(await scanAll([join(root, 'loose/test')]))).toEqual({
      'loose/test/3.jpg': '-/test',
    });
  });

  it('gives deeper files the class of the nearest class-level folder', async () => {
    await tree([
      'd/cats/indoor/2019/a.jpg',
      'd/cats/b.jpg',
      'd/dogs/park/c.jpg',
      'd/train2/x/y/z.jpg',
    ]);
    expect(placements(await scanAll([join(root, 'd')]))).toEqual({
      'd/cats/indoor/2019/a.jpg': 'cats/-',
      'd/cats/b.jpg': 'cats/-',
      'd/dogs/park/c.jpg': 'dogs/-',
      'd/train2/x/y/z.jpg': 'train2/-',
    });
  });

  it('accepts every image extension in any case and counts the rest', async () => {
    const names = [
      'a.JPG',
      'b.Jpeg',
      'c.png',
      'd.WEBP',
      'e.gif',
      'f.bmp',
      'g.TIF',
      'h.tiff',
      'i.avif',
    ];
    await tree([...names.map((name) => `x/${name}`), 'x/j.heic', 'x/k.psd', 'x/noextension']);
    const result = await scanAll([join(root, 'x')]);
    expect(result.images.map((image) => image.name)).toEqual(names);
    expect(result.skippedByReason.not_image).toBe(3);
    expect(result.skipped.find((skip) => skip.path.endsWith('k.psd'))?.message).toContain('.psd');
  });

  it('skips hidden files and folders silently', async () => {
    await tree([
      'x/.DS_Store',
      'x/._a.jpg',
      'x/a.jpg',
      'x/.thumbs/b.jpg',
      'x/Thumbs.db',
      'x/__MACOSX/c.jpg',
    ]);
    const result = await scanAll([join(root, 'x')]);
    expect(result.images.map((image) => image.name)).toEqual(['a.jpg']);
    expect(result.skipped).toEqual([]);
  });

  // Root reads any folder whatever its mode, so this cannot be staged as root.
  it.skipIf(process.getuid?.() === 0)('reports a folder it cannot read and goes on', async () => {
    await tree(['x/cats/a.jpg', 'x/dogs/b.jpg']);
    await chmod(join(root, 'x/dogs'), 0o000);
    try {
      const result = await scanAll([join(root, 'x')]);
      expect(result.images.map((image) => image.name)).toEqual(['a.jpg']);
      expect(result.skipped).toMatchObject([{ reason: 'unreadable', isFolder: true }]);
    } finally {
      await chmod(join(root, 'x/dogs'), 0o755);
    }
  });

  it('reports a dropped path that does not exist', async () => {
    const result = await scanAll([join(root, 'gone')]);
    expect(result.skipped).toMatchObject([{ reason: 'not_found' }]);
  });

  it('keeps the order of many dropped paths, with a missing one reported in its place', async () => {
    const names = Array.from({ length: 150 }, (_, index) => `p${index}.jpg`);
    await tree(names.filter((name) => name !== 'p99.jpg').concat(['folder/c.jpg']));
    const dropped = [...names, 'folder'].map((name) => join(root, name));
    const entries: string[] = [];
    for await (const entry of scanPaths(dropped)) {
      entries.push(`${entry.path.slice(root.length + 1)}:${entry.kind}`);
    }
    expect(entries).toEqual([
      ...names.map((name) => `${name}:${name === 'p99.jpg' ? 'skipped' : 'image'}`),
      'folder/c.jpg:image',
    ]);
  });

  it('follows links but ends on a link loop', async () => {
    await tree(['x/cats/a.jpg', 'elsewhere/dogs/b.jpg']);
    await symlink(join(root, 'x'), join(root, 'x/cats/loop'));
    await symlink(join(root, 'elsewhere/dogs'), join(root, 'x/dogs'));
    const result = await scanAll([join(root, 'x')]);
    expect(placements(result)).toEqual({ 'x/cats/a.jpg': 'cats/-', 'x/dogs/b.jpg': 'dogs/-' });
  });

  it('stops at the configured depth and says so', async () => {
    await tree(['x/cats/1/2/3/a.jpg', 'x/cats/b.jpg']);
    const result = await scanAll([join(root, 'x')], { maxDepth: 2 });
    expect(result.images.map((image) => image.name)).toEqual(['b.jpg']);
    expect(result.skippedByReason.too_deep).toBe(1);
  });

  it('normalizes class names to NFC', async () => {
    await tree(['x/Che\u0301ri/a.jpg', 'x/other/b.jpg']);
    const result = await scanAll([join(root, 'x')]);
    expect(result.images[0]?.className).toBe('Ch\u00e9ri');
  });

  it('streams many files in natural order and can be cancelled', async () => {
    await mkdir(join(root, 'many'));
    const count = 3000;
    for (let i = 1; i <= count; i++) await writeFile(join(root, 'many', `img_${i}.jpg`), '');
    const result = await scanAll([join(root, 'many')]);
    expect(result.images).toHaveLength(count);
    expect(result.images.slice(0, 3).map((image) => image.name)).toEqual([
      'img_1.jpg',
      'img_2.jpg',
      'img_3.jpg',
    ]);

    const controller = new AbortController();
    controller.abort();
    const scan = scanPaths([join(root, 'many')], { signal: controller.signal });
    await expect(scan.next()).rejects.toThrow(FoveaError);
  });
});
