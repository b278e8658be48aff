/** An opened library in a temp folder with one imported dataset, for tests of one service. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventHub } from '../../app/ipc/common/event-hub.js';
import type { EventName } from '../../app/ipc/common/contract.js';
import type { OpenedLibrary } from '../../app/library/node/opened-library.js';
import { openLibrary } from '../../app/library/node/opened-library.js';
import { ImportService } from '../../app/services/node/import-service.js';
import { imageFolder, RecordingLogger } from './fakes.js';

export interface LibraryFixture {
  readonly library: OpenedLibrary;
  readonly events: EventHub;
  readonly logger: RecordingLogger;
  /** Every event emitted, in order. */
  readonly emitted: { name: EventName; payload: unknown }[];
  remove(): Promise<void>;
}

export async function openLibraryFixture(): Promise<LibraryFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'fovea-services-lib-'));
  const library = await openLibrary(dir, { access: 'write', owner: { kind: 'cli' } });
  const events = new EventHub();
  const emitted: { name: EventName; payload: unknown }[] = [];
  events.listen((name, payload) => emitted.push({ name, payload }));
  return {
    library,
    events,
    logger: new RecordingLogger(),
    emitted,
    remove: async () => {
      library.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Imports `<class>/<n>.png` folders into a new dataset; returns its id. */
export async function importDataset(
  fixture: LibraryFixture,
  classes: Record<string, number>,
): Promise<number> {
  const folder = await imageFolder(classes);
  try {
    const dataset = fixture.library.stores.datasets.createDataset('pets', { inputSize: 16 });
    const imports = new ImportService({
      stores: fixture.library.stores,
      events: new EventHub(),
      logger: fixture.logger,
      concurrency: 2,
    });
    await (
      await imports.start({ datasetId: dataset.id, paths: [folder.root] })
    ).done;
    return dataset.id;
  } finally {
    await folder.remove();
  }
}
