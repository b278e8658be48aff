/** Small datasets and models for engine tests: cheap enough for the cpu backend. */
import Database from 'better-sqlite3';
import type { Batch, DataSource, Split } from '../../app/engine/common/data-source.js';
import { seededRandom } from '../../app/base/common/random.js';
import type { ModelSpec } from '../../app/engine/common/spec.js';
import type { TrainingConfig } from '../../app/engine/common/training.js';
import { noAugmentation } from '../../app/engine/common/training.js';

export interface Images {
  readonly x: Uint8Array;
  readonly y: Int32Array;
}

/** Class 0 dark, class 1 bright, with noise: a trivially separable set. */
export function darkAndBright(count: number, size: number, seed: number): Images {
  const random = seededRandom(seed);
  const pixels = size * size * 3;
  const x = new Uint8Array(count * pixels);
  const y = new Int32Array(count);
  for (let image = 0; image < count; image++) {
    const label = image % 2;
    y[image] = label;
    const base = label === 0 ? 60 : 190;
    for (let index = 0; index < pixels; index++)
      x[image * pixels + index] = base + Math.floor((random() - 0.5) * 80);
  }
  return { x, y };
}

export class MemoryDataSource implements DataSource {
  readonly classes = ['dark', 'bright'];
  /** Called before each batch is read, e.g. to stop or pause a run at a given batch. */
  onRead: (split: Split, reads: number) => void = () => undefined;
  reads = 0;

  constructor(
    readonly size: number,
    private readonly splits: Record<Split, Images>,
  ) {}

  count(split: Split): number {
    return this.splits[split].y.length;
  }

  readBatch(split: Split, indices: readonly number[]): Batch {
    if (split === 'train') this.reads += 1;
    this.onRead(split, this.reads);
    const source = this.splits[split];
    const pixels = this.size * this.size * 3;
    const x = new Uint8Array(indices.length * pixels);
    const y = new Int32Array(indices.length);
    indices.forEach((index, position) => {
      x.set(source.x.subarray(index * pixels, (index + 1) * pixels), position * pixels);
      y[position] = source.y[index]!;
    });
    return { x, y };
  }
}

export function separableSource(size = 8, train = 64, val = 16, test = 16): MemoryDataSource {
  return new MemoryDataSource(size, {
    train: darkAndBright(train, size, 1),
    val: darkAndBright(val, size, 2),
    test: darkAndBright(test, size, 3),
  });
}

export const tinySpec: ModelSpec = {
  name: 'tiny',
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 2, activation: 'softmax' },
  ],
};

export const quickConfig: TrainingConfig = {
  epochs: 3,
  batchSize: 8,
  optimizer: 'adam',
  learningRate: 0.01,
  momentum: 0.9,
  schedule: 'constant',
  patience: 0,
  restoreBest: true,
  augment: noAugmentation,
  seed: 7,
  fit: 'squash',
};

/** A library database with only the table the engine reads, as the library schema declares it. */
export function createTensorDatabase(
  path: string,
  size: number,
  imageIds: readonly number[],
  pixel: (imageId: number) => number | Uint8Array,
): void {
  const db = new Database(path);
  db.exec(
    'CREATE TABLE tensors(image_id INTEGER NOT NULL, size INTEGER NOT NULL, fit TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (image_id, size, fit)) STRICT',
  );
  const insert = db.prepare(
    "INSERT INTO tensors(image_id, size, fit, data) VALUES (?, ?, 'squash', ?)",
  );
  db.transaction(() => {
    for (const imageId of imageIds) insert.run(imageId, size, tensorBytes(size, pixel(imageId)));
    // A tensor of another size must not be picked up.
    insert.run(imageIds[0], size * 2, Buffer.alloc(size * size * 12, 255));
  })();
  db.close();
}

function tensorBytes(size: number, pixel: number | Uint8Array): Buffer {
  return typeof pixel === 'number' ? Buffer.alloc(size * size * 3, pixel) : Buffer.from(pixel);
}
