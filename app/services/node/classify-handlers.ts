import type { Handlers } from '../../ipc/common/contract.js';
import type { CalibrationService } from './calibration-service.js';
import type { ClassifyService } from './classify-service.js';

type ClassifyMethods =
  'classify.start' | 'classify.cancel' | 'classify.get' | 'calibration.get' | 'calibration.set';

/** Using a model after training: whole folders, and what it is not sure about. */
export function classifyHandlers({
  classify,
  calibration,
}: {
  readonly classify: ClassifyService;
  readonly calibration: CalibrationService;
}): Pick<Handlers, ClassifyMethods> {
  return {
    'calibration.get': (runId) => calibration.report(runId),
    'calibration.set': (runId, change) => calibration.update(runId, change),
    'classify.start': async (request) => ({ jobId: (await classify.start(request)).jobId }),
    'classify.cancel': (jobId) => {
      classify.cancel(jobId);
      return null;
    },
    'classify.get': (jobId) => classify.get(jobId),
  };
}
