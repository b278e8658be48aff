/**
 * The services' side of run checkpoints: where each run's lives (`checkpoints/<runId>/` in the
 * library; the engine writes it), getting an interrupted run ready to continue from it, and
 * removing it once the run is over.
 */
import { join } from 'node:path';
import type { DataPlan } from '../../engine/common/data-source.js';
import type { RunId } from '../../engine/common/run-id.js';
import type { EpochRecord } from '../../engine/node/checkpoint-file.js';
import { readCheckpointState, removeCheckpoint } from '../../engine/node/checkpoint-file.js';
import { FoveaError } from '../../base/common/errors.js';
import type { RunDetail } from '../../library/common/runs.js';
import type { MetricRow } from '../../library/node/run-repository.js';
import type { LibraryStores } from '../../library/node/stores.js';
import { buildPlan } from './training-plan.js';

export class RunCheckpoints {
  constructor(readonly root: string) {}

  dirOf(runId: RunId): string {
    return join(this.root, String(runId));
  }

  remove(runId: RunId): Promise<void> {
    return removeCheckpoint(this.dirOf(runId));
  }
}

export interface ContinuedRun {
  readonly run: RunDetail;
  readonly plan: DataPlan;
  /** The epoch and the step the checkpoint holds. */
  readonly epoch: number;
  readonly step: number;
}

function toMetric(record: EpochRecord): MetricRow {
  return {
    kind: 'epoch',
    step: record.epoch,
    epoch: record.epoch,
    loss: record.trainLoss,
    accuracy: record.trainAccuracy,
    valLoss: record.valLoss,
    valAccuracy: record.valAccuracy,
    imagesPerSecond: null,
  };
}

function samePlan(run: RunDetail, plan: DataPlan): boolean {
  return (
    plan.classes.join('\n') === run.classes.join('\n') &&
    plan.splits.train.length === run.trainCount &&
    plan.splits.val.length === run.valCount &&
    plan.splits.test.length === run.testCount
  );
}

/**
 * Checks that an interrupted run can go on (its checkpoint is there, its dataset still has the
 * images it trained on) and makes it active again from the checkpoint's epoch: metrics and
 * snapshots recorded after that epoch go, the epochs up to it are as the checkpoint has them.
 */
export async function reopenFromCheckpoint(
  stores: Pick<LibraryStores, 'datasets' | 'images' | 'runs' | 'snapshots'>,
  checkpoints: RunCheckpoints,
  dbPath: string,
  run: RunDetail,
): Promise<ContinuedRun> {
  if (run.status !== 'interrupted')
    throw new FoveaError(
      'conflict',
      `Run ${run.id} is ${run.status}; only an interrupted run continues.`,
    );
  const state = await readCheckpointState(checkpoints.dirOf(run.id));
  if (state === null) {
    stores.runs.setCheckpoint(run.id, null);
    throw new FoveaError(
      'conflict',
      `Run ${run.id} has no checkpoint to continue from; start a new run instead.`,
    );
  }
  const dataset = stores.datasets.getDataset(run.datasetId);
  const plan = {
    ...buildPlan(dataset, stores.images, dbPath, run.config.seed, run.inputSize),
    fit: run.config.fit,
  };
  if (!samePlan(run, plan))
    throw new FoveaError(
      'conflict',
      `The images of “${dataset.name}” changed since run ${run.id} started, so it cannot continue; start a new run instead.`,
    );
  stores.runs.reopen(run.id, state.epoch, state.history.map(toMetric));
  stores.runs.setCheckpoint(run.id, state.epoch);
  stores.snapshots.dropAfter(run.id, state.step);
  return { run, plan, epoch: state.epoch, step: state.step };
}
