/** Every file of ../shared/data/pets/bad gets the outcome its README asks for. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processImage } from '../../app/images/node/process-image.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const petsDir = resolve(repoRoot, '../shared/data/pets');
const badDir = join(petsDir, 'bad');
const hasPets = existsSync(badDir);
if (!hasPets) console.warn(`Skipping the pets/bad image tests: ${badDir} is absent.`);

const imported = [
  ['grayscale_dog.jpg', 256, 255],
  ['alpha_dog.png', 256, 191],
  ['cmyk_cat.jpg', 256, 192],
  ['huge_6000x4000_plasma.jpg', 6000, 4000],
  ['chat noir é.jpg', 246, 256],
] as const;

const refused = [
  ['empty_0bytes.jpg', 'empty', /empty/],
  ['truncated_half_dog.jpg', 'corrupt', /truncated or corrupt/],
  ['text_renamed.png', 'not_image', /not an image/],
  ['tiny_1x1.png', 'too_small', /too small \(1×1 pixels\); the minimum is 8×8/],
] as const;

describe.skipIf(!hasPets)('pets/bad', () => {
  it.each(imported)('imports %s', async (name, width, height) => {
    const image = await processImage(join(badDir, name));
    expect([image.width, image.height]).toEqual([width, height]);
    expect(Math.max(image.thumbnailWidth, image.thumbnailHeight)).toBe(256);
    expect(image.tensor).toHaveLength(64 * 64 * 3);
  });

  it.each(refused)('refuses %s', async (name, kind, message) => {
    await expect(processImage(join(badDir, name))).rejects.toMatchObject({
      code: 'bad_image',
      kind,
      message: expect.stringMatching(message),
    });
  });

  it('has no file this test does not know', async () => {
    const { readdir } = await import('node:fs/promises');
    const known = [...imported, ...refused].map(([name]) => name as string);
    const images = (await readdir(badDir)).filter((name) => name !== 'README.md');
    expect(images.sort()).toEqual(known.sort());
  });
});
