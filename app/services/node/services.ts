/**
 * The composition root of the services: one library directory in, the handler table of the
 * contract out. Electron's main process, `fovea serve` and the CLI all build their services here.
 */
import { join } from 'node:path';
import type { Handlers } from '../../ipc/common/contract.js';
import { EventHub } from '../../ipc/common/event-hub.js';
import { openDatabase } from '../../library/node/database.js';
import { SqliteLibrary } from '../../library/node/sqlite-library.js';

export interface ServicesOptions {
  readonly libraryDir: string;
  readonly mode: 'electron' | 'web' | 'cli';
  readonly version: string;
}

export interface Services {
  readonly handlers: Handlers;
  readonly events: EventHub;
  readonly library: SqliteLibrary;
  close(): Promise<void>;
}

export function databasePath(libraryDir: string): string {
  return join(libraryDir, 'fovea.db');
}

export function openServices(options: ServicesOptions): Services {
  const library = new SqliteLibrary(openDatabase(databasePath(options.libraryDir)));
  const events = new EventHub();
  const changed = (datasetId: number | null): void => events.emit('library.changed', { datasetId });

  const handlers: Handlers = {
    'app.info': () => ({
      version: options.version,
      mode: options.mode === 'electron' ? 'electron' : 'web',
      libraryPath: options.libraryDir,
    }),
    'datasets.list': () => library.listDatasets(),
    'datasets.get': (id) => library.getDataset(id),
    'datasets.create': (name) => {
      const dataset = library.createDataset(name);
      changed(dataset.id);
      return dataset;
    },
    'datasets.rename': (id, name) => {
      const dataset = library.renameDataset(id, name);
      changed(id);
      return dataset;
    },
    'datasets.delete': (id) => {
      library.deleteDataset(id);
      changed(id);
      return null;
    },
    'classes.create': (datasetId, name) => {
      const created = library.createClass(datasetId, name);
      changed(datasetId);
      return created;
    },
    'classes.rename': (id, name) => {
      const renamed = library.renameClass(id, name);
      changed(renamed.datasetId);
      return renamed;
    },
    'classes.delete': (id) => {
      library.deleteClass(id);
      changed(null);
      return null;
    },
  };

  return {
    handlers,
    events,
    library,
    close: () => {
      library.close();
      return Promise.resolve();
    },
  };
}
