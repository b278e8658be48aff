import type { Handlers } from '../../ipc/common/contract.js';
import type { LibraryService } from './library-service.js';

type LibraryMethods =
  | 'datasets.list'
  | 'datasets.get'
  | 'datasets.create'
  | 'datasets.rename'
  | 'datasets.delete'
  | 'classes.create'
  | 'classes.rename'
  | 'classes.delete';

export function libraryHandlers({
  library,
}: {
  readonly library: LibraryService;
}): Pick<Handlers, LibraryMethods> {
  return {
    'datasets.list': () => library.listDatasets(),
    'datasets.get': (id) => library.getDataset(id),
    'datasets.create': (name) => library.createDataset(name),
    'datasets.rename': (id, name) => library.renameDataset(id, name),
    'datasets.delete': (id) => {
      library.deleteDataset(id);
      return null;
    },
    'classes.create': (datasetId, name) => library.createClass(datasetId, name),
    'classes.rename': (id, name) => library.renameClass(id, name),
    'classes.delete': (id) => {
      library.deleteClass(id);
      return null;
    },
  };
}
