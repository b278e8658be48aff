import type { Handlers } from '../../ipc/common/contract.js';
import type { EvaluationService } from './evaluation-service.js';
import type { ExportService } from './export-service.js';

type EvaluationMethods =
  'models.get' | 'evaluation.run' | 'evaluation.predict' | 'evaluation.heatmaps' | 'exports.start';

export function evaluationHandlers({
  evaluation,
  exports,
}: {
  readonly evaluation: EvaluationService;
  readonly exports: ExportService;
}): Pick<Handlers, EvaluationMethods> {
  return {
    'models.get': (runId) => evaluation.model(runId),
    'evaluation.run': (runId) => evaluation.evaluate(runId),
    'evaluation.predict': (runId, image, options) =>
      evaluation.predictImage(
        runId,
        image instanceof Uint8Array ? image : new Uint8Array(image),
        options ?? {},
      ),
    'evaluation.heatmaps': (runId, imageIds, classIndex) =>
      evaluation.heatmaps(runId, imageIds, classIndex),
    'exports.start': (request) => exports.export(request),
  };
}
