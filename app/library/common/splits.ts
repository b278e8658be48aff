import { FoveaError } from '../../base/common/errors.js';
import type { SplitPercentages } from './images.js';
import type { Split } from './types.js';
import type { Random } from '../../base/common/random.js';
import { shuffledRange } from '../../base/common/random.js';

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

/**
 * Assigns splits to the unassigned images of one class so that the class as a whole comes as
 * close as it can to the percentages, without moving any image the user (or an earlier run)
 * already placed. Returns [imageId, split] pairs.
 */
export function planSplits(
  unassigned: readonly number[],
  assigned: Readonly<Record<Split, number>>,
  percentages: SplitPercentages,
  random: Random,
): [number, Split][] {
  const total = unassigned.length + assigned.train + assigned.val + assigned.test;
  const want = (split: Split): number =>
    Math.max(0, Math.round((total * percentages[split]) / 100) - assigned[split]);
  const shuffled = shuffledRange(unassigned.length, random).map((i) => unassigned[i] as number);
  const plan: [number, Split][] = [];
  let index = 0;
  for (const split of ['test', 'val'] as const) {
    for (let n = want(split); n > 0 && index < shuffled.length; n--)
      plan.push([shuffled[index++] as number, split]);
  }
  while (index < shuffled.length) plan.push([shuffled[index++] as number, 'train']);
  return plan;
}
