import type { Handlers } from '../../ipc/common/contract.js';
import type { LibraryService } from './library-service.js';

type ImageMethods =
  | 'images.index'
  | 'images.get'
  | 'images.names'
  | 'images.setClass'
  | 'images.setSplit'
  | 'images.delete'
  | 'images.restore'
  | 'splits.counts'
  | 'splits.assign'
  | 'splits.resplit';

export function imageHandlers({
  library,
}: {
  readonly library: LibraryService;
}): Pick<Handlers, ImageMethods> {
  return {
    'images.index': (datasetId, filter) => library.images(datasetId, filter),
    'images.get': (id) => library.image(id),
    'images.names': (ids) => library.imageNames(ids),
    'images.setClass': (ids, classId) => {
      library.setClass(ids, classId);
      return null;
    },
    'images.setSplit': (ids, split) => {
      library.setSplit(ids, split);
      return null;
    },
    'images.delete': (ids) => ({ deleted: library.deleteImages(ids) }),
    'images.restore': (ids) => ({ restored: library.restoreImages(ids) }),
    'splits.counts': (datasetId) => library.splitCounts(datasetId),
    'splits.assign': (datasetId, percentages, seed) =>
      library.assignSplits(datasetId, percentages, seed),
    'splits.resplit': (datasetId, percentages, seed) =>
      library.resplitAll(datasetId, percentages, seed),
  };
}
