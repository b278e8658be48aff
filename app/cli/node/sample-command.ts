import { resolve } from 'node:path';
import { writeSample } from '../../images/node/sample.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-io.js';

export const sampleUsage =
  'fovea sample DIR [--per-class N] [--seed S]   (writes the built-in cat/dog drawings)';

export async function runSampleCommand(
  args: string[],
  perClass: string | undefined,
  seed: string | undefined,
  io: CliIo,
): Promise<void> {
  const [dir] = args;
  if (!dir || args.length !== 1) throw new UsageError(`Usage: ${sampleUsage}`);
  const count = perClass === undefined ? 300 : Number(perClass);
  const seedValue = seed === undefined ? 1 : Number(seed);
  if (!Number.isInteger(count) || count < 1)
    throw new UsageError(`--per-class must be a positive whole number, got "${perClass}".`);
  if (!Number.isInteger(seedValue))
    throw new UsageError(`--seed must be a whole number, got "${seed}".`);
  const result = await writeSample(resolve(dir), { perClass: count, seed: seedValue });
  io.out(`Wrote ${result.files.length} images into ${result.dir} (cat/ and dog/).`);
}
