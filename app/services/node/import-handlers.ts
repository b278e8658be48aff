import { FoveaError } from '../../base/common/errors.js';
import type { Handlers } from '../../ipc/common/contract.js';
import type { ImportService, StartImport } from './import-service.js';

type ImportMethods =
  | 'uploads.begin'
  | 'uploads.add'
  | 'uploads.discard'
  | 'imports.preview'
  | 'imports.start'
  | 'imports.cancel'
  | 'imports.get'
  | 'imports.list';

/**
 * In web mode a page may import only what it uploaded: paths on the server are refused at this
 * boundary (the services' own imports, such as the built-in sample, are not callers here).
 */
function checkSource(request: StartImport, isPathAllowed: boolean): StartImport {
  if (request.paths !== undefined && !isPathAllowed)
    throw new FoveaError(
      'forbidden',
      'In web mode files are imported from uploads, not from paths on the server.',
    );
  return request;
}

export function importHandlers({
  imports,
  isPathAllowed,
}: {
  readonly imports: ImportService;
  /** False in web mode. */
  readonly isPathAllowed: boolean;
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
    'imports.preview': (request) => imports.preview(checkSource(request, isPathAllowed)),
    'imports.start': async (request) => ({
      importId: (await imports.start(checkSource(request, isPathAllowed))).importId,
    }),
    'imports.cancel': (importId) => {
      imports.cancel(importId);
      return null;
    },
    'imports.get': (importId) => imports.get(importId),
    'imports.list': (datasetId) => imports.list(datasetId),
  };
}
