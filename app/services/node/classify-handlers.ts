import { FoveaError } from '../../base/common/errors.js';
import type { Handlers } from '../../ipc/common/contract.js';
import type { CalibrationService } from './calibration-service.js';
import type { ClassifyService } from './classify-service.js';

type ClassifyMethods =
  'classify.start' | 'classify.cancel' | 'classify.get' | 'calibration.get' | 'calibration.set';

/** Using a model after training: whole folders, and what it is not sure about. */
export function classifyHandlers({
  classify,
  calibration,
  isPathAllowed,
}: {
  readonly classify: ClassifyService;
  readonly calibration: CalibrationService;
  /** False in web mode, where a page classifies only what it uploaded (as imports). */
  readonly isPathAllowed: boolean;
}): Pick<Handlers, ClassifyMethods> {
  return {
    'calibration.get': (runId) => calibration.report(runId),
    'calibration.set': (runId, change) => calibration.update(runId, change),
    'classify.start': async (request) => {
      if (request.paths !== undefined && !isPathAllowed)
        throw new FoveaError(
          'forbidden',
          'In web mode files are classified from uploads, not from paths on the server.',
        );
      return { jobId: (await classify.start(request)).jobId };
    },
    'classify.cancel': (jobId) => {
      classify.cancel(jobId);
      return null;
    },
    'classify.get': (jobId) => classify.get(jobId),
  };
}
