import type { Handlers } from '../../ipc/common/contract.js';
import type { ClassifyService } from './classify-service.js';

type ClassifyMethods = 'classify.start' | 'classify.cancel' | 'classify.get';

export function classifyHandlers({
  classify,
}: {
  readonly classify: ClassifyService;
}): Pick<Handlers, ClassifyMethods> {
  return {
    'classify.start': async (request) => ({ jobId: (await classify.start(request)).jobId }),
    'classify.cancel': (jobId) => {
      classify.cancel(jobId);
      return null;
    },
    'classify.get': (jobId) => classify.get(jobId),
  };
}
