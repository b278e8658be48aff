import type { TrainingEvent } from '../../../app/engine/common/training.js';
import type { RunSummary } from '../../../app/library/common/runs.js';

/**
 * The runs with `runId`'s status as `event` says (the services announce `runs.changed` only
 * when a run starts and ends); the same array when nothing changes.
 */
export function withEventStatus<Run extends RunSummary>(
  runs: Run[],
  runId: number,
  event: TrainingEvent,
): Run[] {
  const status =
    event.kind === 'state' || event.kind === 'final'
      ? event.state
      : event.kind === 'progress'
        ? 'training'
        : null;
  if (status === null || status === 'idle') return runs;
  const run = runs.find((r) => r.id === runId);
  if (!run || run.status === status) return runs;
  return runs.map((r) => (r.id === runId ? { ...r, status } : r));
}
