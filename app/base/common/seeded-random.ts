import type { Random } from './random.js';
import { seededRandom } from './random.js';

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every platform, which
 * is what the sample generator needs for byte-identical output. Not for anything secret.
 */
export class SeededRandom {
  readonly #next: Random;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.#next();
  }

  /** A float in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick() needs at least one item');
    return item;
  }

  /** Approximately normal (mean 0, deviation 1): the sum of four uniforms, rescaled. */
  gaussian(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508;
  }
}

/** Mixes several integers into one 32-bit seed, so each image can get its own stream. */
export function mixSeed(...parts: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    hash = Math.imul(hash ^ (part >>> 0), 0x01000193) >>> 0;
    hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return hash >>> 0;
}
