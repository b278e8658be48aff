/**
 * The pretrained recipe on real photos: a head on the bundled MobileNetV2's embeddings of
 * ../shared/data/pets scores well above the 76% a network from scratch reaches, and a second run
 * finds every embedding cached.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ForkEngineHost } from '../../app/engine/node/fork-engine-host.js';
import type { Services } from '../../app/services/node/services.js';
import { openServices } from '../../app/services/node/services.js';

const root = join(import.meta.dirname, '../..');
const pets = resolve(root, '../shared/data/pets');
const hasPets = existsSync(join(pets, 'test'));
if (!hasPets) console.warn(`Skipping the pets pretrained test: ${pets} is not there.`);

describe.skipIf(!hasPets)('a pretrained run on the pets photos', () => {
  let work = '';
  let services: Services | undefined;

  afterAll(async () => {
    await services?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('reaches 86%+ test accuracy, and embeds nothing the second time', async () => {
    work = await mkdtemp(join(tmpdir(), 'fovea-pets-pretrained-'));
    services = await openServices({
      libraryDir: join(work, 'library'),
      mode: 'cli',
      version: 'test',
      createEngineHost: () => new ForkEngineHost(join(root, 'dist', 'engine.js')),
      backbonesDir: join(root, 'dist', 'backbones'),
    });
    const datasetId = services.stores.datasets.createDataset('pets').id;
    await (
      await services.imports.start({ datasetId, paths: [join(pets, 'train'), join(pets, 'test')] })
    ).done;
    const cachedAtStart: number[] = [];
    services.events.listen((name, payload) => {
      const progress = payload as { done: number; cached: number };
      if (name === 'training.embedding' && progress.done === progress.cached)
        cachedAtStart.push(progress.cached);
    });
    const first = services.training.start({ datasetId, from: 'mobilenet-v2' });
    expect(await first.done).not.toBeNull();
    const run = services.training.detail(first.runId);
    console.info(`pets pretrained: test accuracy ${run.testAccuracy}`);
    expect(run.testCount).toBe(200);
    expect(run.testAccuracy).toBeGreaterThanOrEqual(0.86);
    const second = services.training.start({ datasetId, from: 'mobilenet-v2' });
    expect(await second.done).not.toBeNull();
    expect(cachedAtStart).toEqual([0, 800]);
    expect(services.training.detail(second.runId).testAccuracy).toBe(run.testAccuracy);
  }, 600_000);
});
