/**
 * The ladder: runs of one dataset side by side, each on its rung (how it started), with overlaid
 * curves and a table ordered best first. Pure functions over stored runs, so tests need no client.
 */
import type { AugmentConfig } from '../../../app/engine/common/training.js';
import type { RunDetail, RunStatus, RunSummary } from '../../../app/library/common/runs.js';
import type { ArgsOf } from '../../../app/ipc/common/contract.js';

/** How a run started, from least to most borrowed knowledge. */
export const rungs = [
  'scratch',
  'scratchAugmented',
  'pretrainedHead',
  'pretrainedFineTuned',
] as const;
export type Rung = (typeof rungs)[number];

export type StartRequest = ArgsOf<'training.start'>[0];

export function isAugmented(augment: AugmentConfig): boolean {
  const { flip, shift, rotation, zoom, brightness, contrast } = augment;
  return flip || shift > 0 || rotation > 0 || zoom > 0 || brightness > 0 || contrast > 0;
}

export function rungOf(run: Pick<RunDetail, 'pretrained' | 'config'>): Rung {
  if (run.pretrained) return run.pretrained.fineTune > 0 ? 'pretrainedFineTuned' : 'pretrainedHead';
  return isAugmented(run.config.augment) ? 'scratchAugmented' : 'scratch';
}

/** Seconds from the run's start to its end; null while it runs. */
export function wallSeconds(run: Pick<RunSummary, 'createdAt' | 'finishedAt'>): number | null {
  if (run.finishedAt === null) return null;
  const seconds = (Date.parse(run.finishedAt) - Date.parse(run.createdAt)) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : null;
}

export interface LadderRow {
  readonly id: number;
  readonly rung: Rung;
  readonly status: RunStatus;
  readonly message: string | null;
  readonly testAccuracy: number | null;
  readonly valAccuracy: number | null;
  readonly wallSeconds: number | null;
  readonly epochs: number;
}

/** Best test accuracy first (then validation); runs without a figure go last, newest first. */
export function ladderRows(runs: readonly RunDetail[]): LadderRow[] {
  const rank = (value: number | null) => (value === null ? -1 : value);
  return runs
    .map((run) => ({
      id: run.id,
      rung: rungOf(run),
      status: run.status,
      message: run.message,
      testAccuracy: run.testAccuracy,
      valAccuracy: run.valAccuracy,
      wallSeconds: wallSeconds(run),
      epochs: run.epochsRun,
    }))
    .sort(
      (a, b) =>
        rank(b.testAccuracy) - rank(a.testAccuracy) ||
        rank(b.valAccuracy) - rank(a.valAccuracy) ||
        b.id - a.id,
    );
}

export type CurveMetric = 'valAccuracy' | 'accuracy' | 'valLoss' | 'loss';

export interface OverlaidCurves {
  /** Epochs 1 … the longest run's last. */
  readonly x: number[];
  /** One series per run, in the order given; null where that run has no figure for the epoch. */
  readonly series: { readonly runId: number; readonly values: (number | null)[] }[];
}

/** Runs of different lengths on one epoch axis: a shorter run's line ends where it ended. */
export function overlaidCurves(runs: readonly RunDetail[], metric: CurveMetric): OverlaidCurves {
  const last = Math.max(0, ...runs.flatMap((run) => Array.from(run.epochs.epoch)));
  const x = Array.from({ length: last }, (_, index) => index + 1);
  const series = runs.map((run) => {
    const values: (number | null)[] = x.map(() => null);
    run.epochs.epoch.forEach((epoch, index) => {
      const value = run.epochs[metric][index];
      if (value !== undefined && !Number.isNaN(value) && epoch >= 1 && epoch <= last)
        values[epoch - 1] = value;
    });
    return { runId: run.id, values };
  });
  return { x, series };
}

/**
 * The four rungs on a dataset: from scratch without and with augmentation (the default recipe,
 * `scratchEpochs` long), a head on the pretrained backbone, and the same with its last two blocks
 * fine-tuned. The pretrained rungs keep the head's own defaults.
 */
export function ladderRequests(
  datasetId: number,
  scratchEpochs: number,
): { rung: Rung; request: StartRequest }[] {
  const still: AugmentConfig = {
    flip: false,
    shift: 0,
    rotation: 0,
    zoom: 0,
    brightness: 0,
    contrast: 0,
  };
  return [
    {
      rung: 'scratch',
      request: {
        datasetId,
        presetId: 'fovea-default',
        config: { epochs: scratchEpochs, augment: still },
      },
    },
    {
      rung: 'scratchAugmented',
      request: { datasetId, presetId: 'fovea-default', config: { epochs: scratchEpochs } },
    },
    { rung: 'pretrainedHead', request: { datasetId, from: 'mobilenet-v2' } },
    {
      rung: 'pretrainedFineTuned',
      request: { datasetId, from: 'mobilenet-v2', pretrained: { fineTune: 2 } },
    },
  ];
}
