import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSample } from '../../images/node/sample.js';
import type { Services } from './services.js';

export const sampleDatasetName = 'Sample: cats & dogs';
const markerName = '.sample-imported';

/**
 * On the first start of an empty library, draws the built-in sample (synthetic cat and dog faces)
 * and imports it, so a new user has a dataset that is ready to train. Runs once per library: a
 * user who deletes the sample does not get it back.
 */
export async function importSampleOnFirstStart(
  services: Services,
  perClass = 300,
): Promise<boolean> {
  const marker = join(services.dir, markerName);
  if (existsSync(marker) || services.stores.datasets.listDatasets().length > 0) return false;
  const dir = await mkdtemp(join(tmpdir(), 'fovea-sample-'));
  try {
    await writeSample(dir, { perClass });
    const dataset = services.stores.datasets.createDataset(sampleDatasetName);
    const { done } = await services.imports.start({ datasetId: dataset.id, paths: [dir] });
    const summary = await done;
    if (summary.status === 'completed') {
      services.stores.gallery.assignSplits(dataset.id, { train: 80, val: 10, test: 10 }, 1);
      services.events.emit('library.changed', { datasetId: dataset.id });
      await writeFile(marker, new Date().toISOString());
    }
    return summary.status === 'completed';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
