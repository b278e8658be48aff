import type { Handlers } from '../../ipc/common/contract.js';
import type { ImportService } from './import-service.js';

type ImportMethods =
  | 'uploads.begin'
  | 'uploads.add'
  | 'uploads.discard'
  | 'imports.preview'
  | 'imports.start'
  | 'imports.cancel'
  | 'imports.get'
  | 'imports.list';

export function importHandlers({
  imports,
}: {
  readonly imports: ImportService;
}): Pick<Handlers, ImportMethods> {
  return {
    'uploads.begin': async () => ({ uploadId: await imports.beginUpload() }),
    'uploads.add': async (uploadId, files) => {
      await imports.addToUpload(uploadId, files);
      return null;
    },
    'uploads.discard': async (uploadId) => {
      await imports.discardUpload(uploadId);
      return null;
    },
    'imports.preview': (request) => imports.preview(request),
    'imports.start': async (request) => ({ importId: (await imports.start(request)).importId }),
    'imports.cancel': (importId) => {
      imports.cancel(importId);
      return null;
    },
    'imports.get': (importId) => imports.get(importId),
    'imports.list': (datasetId) => imports.list(datasetId),
  };
}
