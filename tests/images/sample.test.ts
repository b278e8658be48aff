import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImage } from '../../app/images/node/process-image.js';
import { renderSampleImage, writeSample } from '../../app/images/node/sample.js';
import type { SampleFile, SampleProgress } from '../../app/images/node/sample.js';
import { makeTempDir } from './fixtures.js';

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ dir, remove } = await makeTempDir('sample'));
});
afterAll(async () => {
  await remove();
});

async function bytesOf(files: readonly SampleFile[]): Promise<Buffer[]> {
  return Promise.all(files.map((file) => readFile(file.path)));
}

/** 8×8 map of edge strength over a 32×32 grayscale copy: where the outlines are. */
async function edgeMap(path: string): Promise<number[]> {
  const { tensor } = await processImage(path, { tensorSize: 32 });
  const gray = (x: number, y: number): number => {
    const at = (y * 32 + x) * 3;
    return ((tensor[at] ?? 0) + (tensor[at + 1] ?? 0) + (tensor[at + 2] ?? 0)) / 3;
  };
  const map = new Array<number>(64).fill(0);
  for (let y = 1; y < 31; y++) {
    for (let x = 1; x < 31; x++) {
      const strength = Math.hypot(gray(x + 1, y) - gray(x - 1, y), gray(x, y + 1) - gray(x, y - 1));
      map[(y >> 2) * 8 + (x >> 2)] = (map[(y >> 2) * 8 + (x >> 2)] ?? 0) + strength;
    }
  }
  return map;
}

describe('writeSample', () => {
  it('writes numbered JPEGs per class and reports progress', async () => {
    const progress: SampleProgress[] = [];
    const result = await writeSample(join(dir, 'a'), {
      perClass: 5,
      seed: 3,
      onProgress: (p) => progress.push(p),
    });
    expect(await readdir(join(dir, 'a', 'cat'))).toEqual([
      'cat_0001.jpg',
      'cat_0002.jpg',
      'cat_0003.jpg',
      'cat_0004.jpg',
      'cat_0005.jpg',
    ]);
    expect((await readdir(join(dir, 'a', 'dog'))).length).toBe(5);
    expect(result.files.map((file) => file.className)).toEqual([
      ...Array(5).fill('cat'),
      ...Array(5).fill('dog'),
    ]);
    expect(progress).toHaveLength(10);
    expect(progress.at(-1)).toEqual({ done: 10, total: 10 });
    const metadata = await sharp(result.files[0]?.path).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 128, 128]);
  });

  it('gives the same bytes for the same seed, whatever the concurrency', async () => {
    const first = await writeSample(join(dir, 'b1'), { perClass: 4, seed: 11, concurrency: 1 });
    const second = await writeSample(join(dir, 'b2'), { perClass: 4, seed: 11, concurrency: 5 });
    const other = await writeSample(join(dir, 'b3'), { perClass: 4, seed: 12 });
    const [a, b, c] = await Promise.all([
      bytesOf(first.files),
      bytesOf(second.files),
      bytesOf(other.files),
    ]);
    a.forEach((bytes, i) => expect(bytes.equals(b[i] ?? Buffer.alloc(0))).toBe(true));
    a.forEach((bytes, i) => expect(bytes.equals(c[i] ?? Buffer.alloc(0))).toBe(false));
    expect(new Set(a.map((bytes) => bytes.toString('base64'))).size).toBe(a.length);
  });

  it('draws classes a nearest-centroid rule on edge maps tells apart', async () => {
    const perClass = 40;
    const { files } = await writeSample(join(dir, 'c'), { perClass, seed: 5 });
    const maps = await Promise.all(files.map((file) => edgeMap(file.path)));
    const half = perClass / 2;
    const centroid = (rows: number[][]): number[] =>
      (rows[0] ?? []).map(
        (_, j) => rows.reduce((sum, row) => sum + (row[j] ?? 0), 0) / rows.length,
      );
    const catCentre = centroid(maps.slice(0, half));
    const dogCentre = centroid(maps.slice(perClass, perClass + half));
    const distance = (a: number[], b: number[]): number =>
      a.reduce((sum, v, j) => sum + (v - (b[j] ?? 0)) ** 2, 0);
    const held = [
      ...maps.slice(half, perClass).map((m) => [m, 'cat'] as const),
      ...maps.slice(perClass + half).map((m) => [m, 'dog'] as const),
    ];
    const correct = held.filter(
      ([map, label]) =>
        (distance(map, catCentre) < distance(map, dogCentre) ? 'cat' : 'dog') === label,
    );
    // Chance is 0.5; a CNN does far better than this crude rule.
    expect(correct.length / held.length).toBeGreaterThan(0.65);
  });

  it('renders one picture deterministically', async () => {
    const [a, b] = await Promise.all([renderSampleImage('dog', 42), renderSampleImage('dog', 42)]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(await renderSampleImage('cat', 42))).toBe(false);
  });

  it('stops when cancelled and validates perClass', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      writeSample(join(dir, 'd'), { perClass: 3, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    await expect(writeSample(join(dir, 'd'), { perClass: 0 })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});
