/**
 * The done-criterion on real photos: a model trained a few epochs on ../shared/data/pets, exported
 * as TF.js and ONNX, and both exports agree with the in-app model on every test image.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkEngineHost } from '../../app/engine/node/fork-engine-host.js';
import type { Services } from '../../app/services/node/services.js';
import { openServices } from '../../app/services/node/services.js';

const root = join(import.meta.dirname, '../..');
const pets = resolve(root, '../shared/data/pets');
const hasPets = existsSync(join(pets, 'test'));
if (!hasPets) console.warn(`Skipping the pets export test: ${pets} is not there.`);

describe.skipIf(!hasPets)('exports of a model trained on the pets photos', () => {
  let work: string;
  let services: Services;
  let runId: number;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fovea-pets-export-'));
    services = await openServices({
      libraryDir: join(work, 'library'),
      mode: 'cli',
      version: 'test',
      createEngineHost: () => new ForkEngineHost(join(root, 'dist', 'engine.js')),
    });
    const datasetId = services.stores.datasets.createDataset('pets').id;
    const { done } = await services.imports.start({
      datasetId,
      paths: [join(pets, 'train'), join(pets, 'test')],
    });
    await done;
    const started = services.training.start({ datasetId, config: { epochs: 3 } });
    runId = started.runId;
    expect(await started.done).not.toBeNull();
  }, 600_000);

  afterAll(async () => {
    await services?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('evaluates all 200 test photos', async () => {
    const report = await services.evaluation.evaluate(runId);
    expect(report.count).toBe(200);
    expect(report.confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);
  });

  it.each(['tfjs', 'onnx'] as const)(
    '%s agrees with the in-app model on every test image',
    async (format) => {
      const result = await services.exports.export({ format, runId, target: join(work, format) });
      const verification = result.verification!;
      console.info(`pets ${format}: ${JSON.stringify(verification.agreement)}`);
      expect(verification.agreement).toMatchObject({ images: 200, sameTop1: 200 });
      if (format === 'onnx')
        expect(verification.agreement.maxProbabilityDifference).toBeLessThanOrEqual(1e-4);
      expect(verification.passed).toBe(true);
    },
    120_000,
  );
});
