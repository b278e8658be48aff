import { FoveaError } from '../../ipc/common/errors.js';
import type { SplitPercentages } from './images.js';
import type { Split } from './types.js';

export const defaultSplitPercentages: SplitPercentages = { train: 80, val: 10, test: 10 };

export function validatePercentages(p: SplitPercentages): SplitPercentages {
  const values = [p.train, p.val, p.test];
  if (
    values.some((v) => !Number.isFinite(v) || v < 0) ||
    Math.abs(values.reduce((a, b) => a + b, 0) - 100) > 1e-9
  ) {
    throw new FoveaError(
      'invalid_argument',
      `Split percentages must be non-negative and add up to 100, got ${values.join('/')}.`,
    );
  }
  return p;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same split on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Assigns splits to the unassigned images of one class so that the class as a whole comes as
 * close as it can to the percentages, without moving any image the user (or an earlier run)
 * already placed. Returns [imageId, split] pairs.
 */
export function planSplits(
  unassigned: readonly number[],
  assigned: Readonly<Record<Split, number>>,
  percentages: SplitPercentages,
  random: () => number,
): [number, Split][] {
  const total = unassigned.length + assigned.train + assigned.val + assigned.test;
  const want = (split: Split): number =>
    Math.max(0, Math.round((total * percentages[split]) / 100) - assigned[split]);
  const shuffled = [...unassigned];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
  }
  const plan: [number, Split][] = [];
  let index = 0;
  for (const split of ['test', 'val'] as const) {
    for (let n = want(split); n > 0 && index < shuffled.length; n--)
      plan.push([shuffled[index++] as number, split]);
  }
  while (index < shuffled.length) plan.push([shuffled[index++] as number, 'train']);
  return plan;
}
