import type { Handlers } from '../../ipc/common/contract.js';
import type { TrainingService } from './training-service.js';

type TrainingMethods =
  | 'training.options'
  | 'training.summarize'
  | 'training.plan'
  | 'training.start'
  | 'training.pause'
  | 'training.resume'
  | 'training.stop'
  | 'runs.list'
  | 'runs.get'
  | 'runs.delete'
  | 'training.continue'
  | 'training.fitPreview';

export function trainingHandlers({
  training,
}: {
  readonly training: TrainingService;
}): Pick<Handlers, TrainingMethods> {
  return {
    'training.options': (datasetId) => training.options(datasetId),
    'training.summarize': (datasetId, spec) => training.summarize(datasetId, spec),
    'training.plan': (datasetId) => training.planCounts(datasetId),
    'training.start': (request) => ({ runId: training.start(request).runId }),
    'training.pause': (runId) => {
      training.pause(runId);
      return null;
    },
    'training.resume': (runId) => {
      training.resume(runId);
      return null;
    },
    'training.stop': (runId) => {
      training.stop(runId);
      return null;
    },
    'runs.list': (datasetId) => training.list(datasetId),
    'runs.get': (runId) => training.detail(runId),
    'runs.delete': async (runId) => {
      await training.delete(runId);
      return null;
    },
    'training.continue': async (runId) => ({ runId: (await training.continue(runId)).runId }),
    'training.fitPreview': (datasetId) => training.fitPreview(datasetId),
  };
}
