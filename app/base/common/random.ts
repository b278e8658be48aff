/** Seeded randomness, so a run's shuffles and augmentations can be replayed. */

export type Random = () => number;

/**
 * A generator whose position can be read: `seededRandom(random.state())` goes on with the same
 * sequence, so a run resumed from a checkpoint shuffles and augments as if never interrupted.
 */
export interface RestorableRandom extends Random {
  state(): number;
}

/** mulberry32: a small, fast generator of uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): RestorableRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, { state: () => state });
}

/** A uniform number in [-limit, limit]. */
export function symmetric(random: Random, limit: number): number {
  return (random() * 2 - 1) * limit;
}

/** 0 … count−1 in a random order (Fisher–Yates). */
export function shuffledRange(count: number, random: Random): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}
